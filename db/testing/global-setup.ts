import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrateDatabase } from "../migrate";
import { createThrowawayDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
  }
}

/**
 * With DATABASE_URL: one fresh database for this run, migrated, dropped at the end.
 * Without: each test file gets its own in-memory PGlite (see setup.ts).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log("[test db] PGlite in memory (set DATABASE_URL to test against Postgres)");
    project.provide("testDatabaseUrl", null);
    return;
  }
  const database = await createThrowawayDatabase(serverUrl, "test");
  const handle = openDatabase({ databaseUrl: database.url, pgliteDir: "memory://" });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  console.log(`[test db] Postgres database ${database.name}`);
  project.provide("testDatabaseUrl", database.url);
  return () => database.drop();
}
