import "server-only";
import { getEnv } from "@/lib/env";
import { type DatabaseHandle, type Db, openDatabase } from "./client";

// On globalThis: Turbopack can load this module in several chunks, and PGlite must be opened
// once per process.
const globalForDb = globalThis as unknown as { __coexDb?: DatabaseHandle };

export function getDatabase(): DatabaseHandle {
  if (!globalForDb.__coexDb) {
    const env = getEnv();
    globalForDb.__coexDb = openDatabase({
      databaseUrl: env.databaseUrl,
      pgliteDir: env.pgliteDir,
      // A processing loop may hold a second connection for a moment (lib/ingest/identity:
      // new contacts are committed on their own), so the pool grows with the loops.
      poolSize: Math.max(10, env.ingestConcurrency * 2 + 6),
    });
  }
  return globalForDb.__coexDb;
}

/** The process's database. Every query in lib/ goes through this. */
export function getDb(): Db {
  return getDatabase().db;
}

/** Closes and forgets the process's database (tests, scripts). */
export async function closeDatabase() {
  const handle = globalForDb.__coexDb;
  globalForDb.__coexDb = undefined;
  await handle?.close();
}

export type { Db } from "./client";
