import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      "server-only": fileURLToPath(new URL("./db/testing/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,db,components,app}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.db.test.{ts,tsx}", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          // Integration tests on a real database: Postgres when DATABASE_URL is set, PGlite otherwise.
          name: "db",
          include: ["{lib,db,app}/**/*.db.test.{ts,tsx}"],
          globalSetup: ["./db/testing/global-setup.ts"],
          setupFiles: ["./db/testing/setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
