/**
 * `tsx db/cli.ts migrate` applies migrations; `tsx db/cli.ts seed` migrates and seeds the demo.
 * Uses the same factory and environment as the app, and says which database it touched.
 */
import { getEnv } from "@/lib/env";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

async function main(command: string | undefined) {
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: tsx db/cli.ts migrate|seed");
    process.exit(2);
  }
  const env = getEnv();
  const handle = openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir });
  console.log(`[db] ${handle.kind} at ${handle.location}`);
  try {
    await migrateDatabase(handle);
    console.log("[db] migrations applied");
    if (command === "seed") {
      await seedDemo(handle.db, new Date(), env.appUrl);
      console.log("[db] demo data seeded");
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error) => {
  console.error("[db] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
