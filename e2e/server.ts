/**
 * The e2e suite's web server: the production build on a database nobody else uses.
 * With DATABASE_URL, a throwaway Postgres database (dropped on exit); without, a fresh PGlite
 * folder. Migrations and the demo seed run in the app's own start-up, as in production.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createThrowawayDatabase } from "../db/testing/database";

const port = process.env.E2E_PORT ?? "3100";
const cleanups: (() => Promise<void> | void)[] = [];
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HUB_MODE: "test",
  SEED_DEMO: "true",
  APP_URL: `http://localhost:${port}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  // Every spec onboards from 127.0.0.1: the per-IP limit is tested in lib/onboarding.
  ONBOARDING_SESSIONS_PER_IP: "1000",
};

if (process.env.DATABASE_URL) {
  const database = await createThrowawayDatabase(process.env.DATABASE_URL, "e2e");
  env.DATABASE_URL = database.url;
  cleanups.push(() => database.drop());
  // For specs that start more processes on the same database (e2e/scale-out.spec.ts).
  mkdirSync("e2e/.auth", { recursive: true });
  writeFileSync("e2e/.auth/database-url", database.url);
  cleanups.push(() => rmSync("e2e/.auth/database-url", { force: true }));
  console.log(`[e2e] Postgres database ${database.name}`);
} else {
  const dir = mkdtempSync(join(tmpdir(), "coex-e2e-"));
  env.PGLITE_DIR = join(dir, "pglite");
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  console.log(`[e2e] PGlite at ${env.PGLITE_DIR}`);
}

const server = spawn("npx", ["next", "start", "--port", port], { env, stdio: "inherit" });

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await new Promise((resolve) =>
    server.exitCode === null ? server.once("exit", resolve) : resolve(null),
  );
  for (const cleanup of cleanups) await cleanup();
  process.exit(code);
}

process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
server.on("exit", (code) => void stop(code ?? 1));
