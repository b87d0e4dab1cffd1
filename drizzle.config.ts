import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL from the schema here; db/migrate.ts applies it to either driver.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});
