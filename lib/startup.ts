import { getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { DEMO_OWNER, seedDemo } from "@/db/seed";
import { connectDemoLiveChannelWhenServing } from "@/lib/demo/live-channel";
import { getEnv } from "@/lib/env";
import { startBackgroundJobs } from "@/lib/jobs";
import { getLogger } from "@/lib/logger";

/** Runs once per server process before it takes requests: migrate, seed the demo, say hello. */
export async function startHub() {
  const env = getEnv();
  const log = getLogger();
  const database = getDatabase();
  log.info(
    { database: database.kind, location: database.location, mode: env.mode },
    "database in use",
  );
  await migrateDatabase(database);
  if (env.seedDemo) {
    await seedDemo(database.db, new Date(), env.appUrl);
    log.info("demo data seeded");
  }
  if (env.workers) await startBackgroundJobs();
  else log.info("WORKERS=off: no background work in this process (run `npm run worker`)");
  if (env.mode === "demo") {
    if (env.sandbox) connectDemoLiveChannelWhenServing(env.appUrl);
    // Plain console so the demo's URL and sign-in stand out from the JSON logs.
    console.log(
      `\n  Coex Hub is ready at ${env.appUrl}\n  Sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}\n`,
    );
  }
}
