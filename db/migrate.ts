import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { CONNECT_TIMEOUT_SECONDS, type DatabaseHandle, rowsOf } from "./client";
import journal from "./migrations/meta/_journal.json";

export const migrationsFolder = resolve(process.cwd(), "db/migrations");

// Any constant works; it only has to be the same in every instance of the hub.
const MIGRATION_LOCK_ID = 728_311_001;

/** The newest migration this build ships, e.g. `0003_webhook_events`. */
export const latestMigrationTag = journal.entries.at(-1)?.tag ?? "none";

/**
 * Applies committed migrations. On Postgres an advisory lock makes concurrent starts of several
 * instances safe: one migrates, the others wait and then find nothing to do.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase<Record<string, unknown>>, {
      migrationsFolder,
    });
    return;
  }
  // One dedicated connection: a session-level advisory lock must be taken and released on the
  // same connection, which a pool does not promise.
  const connection = postgres(handle.databaseUrl!, {
    max: 1,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    onnotice: () => {},
  });
  const db = drizzle({ client: connection });
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await connection.end({ timeout: 5 });
  }
}

/** The tag of the newest migration applied to this database, or null when none is. */
export async function appliedMigrationTag(handle: DatabaseHandle): Promise<string | null> {
  const result = await handle.db.execute(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  const newest = rowsOf<{ created_at: string | number }>(result)[0];
  if (!newest) return null;
  const entry = journal.entries.find((e) => e.when === Number(newest.created_at));
  return entry?.tag ?? `unknown (${newest.created_at})`;
}
