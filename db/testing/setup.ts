import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { closeDatabase, getDatabase } from "../index";
import { migrateDatabase } from "../migrate";

const testDatabaseUrl = inject("testDatabaseUrl");
// The admin URL stays available to tests that open a second database on purpose.
process.env.TEST_SERVER_URL ??= process.env.DATABASE_URL ?? "";
if (testDatabaseUrl) {
  process.env.DATABASE_URL = testDatabaseUrl;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}
process.env.HUB_MODE = "test";
resetEnvForTests();

beforeAll(async () => {
  // Postgres was migrated once by the global setup; each in-memory PGlite starts empty.
  if (!testDatabaseUrl) await migrateDatabase(getDatabase());
});

afterAll(async () => {
  await closeDatabase();
});
