import "server-only";
import { getDatabase } from "@/db";
import type { DatabaseKind } from "@/db/client";
import { appliedMigrationTag } from "@/db/migrate";

export type SystemStatus =
  | { status: "ok"; database: DatabaseKind; migrations: string | null }
  | { status: "unavailable"; database: DatabaseKind; migrations: null; error: string };

const PROBE_TIMEOUT_MS = 3_000;

/** For /api/health: can we reach the database, and which migration is it on. */
export async function getSystemStatus(): Promise<SystemStatus> {
  const database = getDatabase();
  try {
    const migrations = await Promise.race([
      appliedMigrationTag(database),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("database did not answer in time")), PROBE_TIMEOUT_MS),
      ),
    ]);
    return { status: "ok", database: database.kind, migrations };
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    return { status: "unavailable", database: database.kind, migrations: null, error: reason };
  }
}
