import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "./client";
import { appliedMigrationTag, latestMigrationTag, migrateDatabase } from "./migrate";
import { partners } from "./schema";
import { createThrowawayDatabase } from "./testing/database";

async function roundTrip(handle: DatabaseHandle) {
  await migrateDatabase(handle);
  // A second run must find nothing to do (every instance migrates at start).
  await migrateDatabase(handle);
  const [inserted] = await handle.db
    .insert(partners)
    .values({ name: "Round Trip", slug: `rt-${Date.now()}` })
    .returning();
  const [read] = await handle.db.select().from(partners).where(eq(partners.id, inserted!.id));
  expect(read?.name).toBe("Round Trip");
  expect(read?.allowedRedirectUrls).toEqual([]);
  expect(await appliedMigrationTag(handle)).toBe(latestMigrationTag);
}

describe("database client factory", () => {
  it("opens embedded PGlite when no URL is given, migrates it and round-trips a row", async () => {
    const handle = openDatabase({ pgliteDir: "memory://" });
    expect(handle.kind).toBe("pglite");
    try {
      await roundTrip(handle);
    } finally {
      await handle.close();
    }
  }, 120_000);

  it.skipIf(!process.env.TEST_SERVER_URL)(
    "opens Postgres through postgres.js when a URL is given, migrates it and round-trips a row",
    async () => {
      const database = await createThrowawayDatabase(process.env.TEST_SERVER_URL!, "factory");
      const handle = openDatabase({ databaseUrl: database.url, pgliteDir: "unused" });
      try {
        expect(handle.kind).toBe("postgres");
        await roundTrip(handle);
      } finally {
        await handle.close();
        await database.drop();
      }
    },
  );

  it("never puts a database password in the location it logs", () => {
    const handle = openDatabase({
      databaseUrl: "postgres://hub:s3cret@db.internal:5432/hub",
      pgliteDir: "x",
    });
    expect(handle.location).not.toContain("s3cret");
    expect(handle.location).toContain("db.internal");
    void handle.close();
  });
});
