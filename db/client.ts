import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the code sees, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle, as `db.transaction(async (tx) => ...)` gives it. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** A database or a transaction: helpers that write inside the caller's transaction take either. */
export type Executor = Db | Tx;
export type DatabaseKind = "pglite" | "postgres";

export type DatabaseHandle = {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, with any password removed: safe to log. */
  location: string;
  /** Postgres only: the URL, so the migrator can take its own single connection. */
  databaseUrl?: string;
  /**
   * Postgres only: calls `onNotify` on every NOTIFY of `channel`, from any process on the same
   * database (postgres.js keeps one dedicated connection for it). PGlite lives in one process,
   * where an in-process signal does the same job.
   */
  listen?: (channel: string, onNotify: () => void) => Promise<void>;
  close: () => Promise<void>;
};

/** How long opening a connection to Postgres may take (the pool's and the migrator's). */
export const CONNECT_TIMEOUT_SECONDS = 5;

export type DatabaseTarget = {
  databaseUrl?: string;
  pgliteDir: string;
  /** Postgres connections in the pool (default 10). */
  poolSize?: number;
};

/** `memory://` keeps PGlite in memory (tests); anything else is a folder on disk. */
function openPglite(dir: string) {
  if (dir.startsWith("memory://")) return new PGlite(dir);
  const absolute = resolve(dir);
  // PGlite does not create parent folders.
  mkdirSync(absolute, { recursive: true });
  return new PGlite(absolute);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}

/** Opens a database: postgres.js when a URL is given, embedded PGlite otherwise. */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.databaseUrl) {
    const sql = postgres(target.databaseUrl, {
      max: target.poolSize ?? 10,
      // Seconds. During an outage queries fail after this instead of postgres.js's 30 s default
      // (the webhook route answers 503 sooner still: lib/ingest/receive.ts).
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      onnotice: () => {},
      connection: { application_name: "coex-hub" },
    });
    return {
      db: drizzlePostgres({ client: sql, schema }) as unknown as Db,
      kind: "postgres",
      location: redactUrl(target.databaseUrl),
      databaseUrl: target.databaseUrl,
      listen: async (channel, onNotify) => {
        await sql.listen(channel, () => onNotify());
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const client = openPglite(target.pgliteDir);
  return {
    db: drizzlePglite({ client, schema }) as unknown as Db,
    kind: "pglite",
    location: target.pgliteDir,
    close: () => client.close(),
  };
}

/**
 * Rows of a raw `db.execute(sql\`...\`)`: postgres.js returns an array, PGlite `{ rows }`.
 * Prefer the query builder; use this where raw SQL is the clearer tool.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
