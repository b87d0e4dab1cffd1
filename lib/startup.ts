import { getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { DEMO_OWNER, seedDemo } from "@/db/seed";
import { connectDemoLiveChannelWhenServing } from "@/lib/demo/live-channel";
import { EnvError, getEnv } from "@/lib/env";
import { startWebProcessJobs } from "@/lib/jobs/in-web-process";
import { describeError, getLogger } from "@/lib/logger";
import { isDatabaseUnreachable } from "@/lib/system/db-errors";
import { setReadiness } from "@/lib/system/readiness";

/** Waits between start-up attempts while the database is unreachable: 1 s doubling to 10 s. */
export function startRetryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** (attempt - 1), 10_000);
}

/**
 * Runs once per server process before it takes requests. A wrong configuration stops the process
 * (exit 1, the problem on stderr). An unreachable database does not: the process serves
 * `/api/health` 503 `starting` and webhooks 503 + Retry-After, and keeps retrying with backoff
 * until the database answers; then it migrates, seeds and starts its jobs as usual. Any other
 * start-up failure (a migration that fails on a reachable database) stops the process.
 */
export async function startHubOrExit() {
  try {
    getEnv();
  } catch (error) {
    // The logger needs a valid environment: plain stderr.
    console.error(error instanceof EnvError ? error.message : String(error));
    process.exit(1);
  }
  const env = getEnv();
  const log = getLogger();
  const database = getDatabase();
  log.info(
    { database: database.kind, location: database.location, mode: env.mode },
    "database in use",
  );
  setReadiness("starting");
  // The first attempt holds up the server (Next awaits this hook); later ones run behind it, so
  // health checks and Meta get their 503s meanwhile.
  let delayMs = await attemptStart(1);
  if (delayMs === null) return;
  void (async () => {
    for (let attempt = 2; delayMs !== null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs!));
      delayMs = await attemptStart(attempt);
    }
  })();
}

/** One try: null once started, else how long to wait before the next one. Exits if hopeless. */
async function attemptStart(attempt: number): Promise<number | null> {
  const log = getLogger();
  try {
    await startHub();
    setReadiness("ready");
    if (attempt > 1) log.info({ attempts: attempt }, "start-up finished: database reachable");
    return null;
  } catch (error) {
    if (!isDatabaseUnreachable(error)) {
      log.fatal({ err: error }, "start-up failed");
      console.error(`Coex Hub could not start: ${describeError(error)}`);
      process.exit(1);
    }
    const delayMs = startRetryDelayMs(attempt);
    log.warn(
      { err: error, attempt, retryInMs: delayMs },
      "database unreachable at start-up; retrying",
    );
    return delayMs;
  }
}

/** Migrate, seed the demo, start the jobs, say hello. Safe to run again after a failure. */
async function startHub() {
  const env = getEnv();
  const log = getLogger();
  await migrateDatabase(getDatabase());
  if (env.seedDemo) {
    await seedDemo(getDatabase().db, new Date(), env.appUrl);
    log.info("demo data seeded");
  }
  await startWebProcessJobs();
  if (env.mode === "demo") {
    if (env.sandbox) connectDemoLiveChannelWhenServing(env.appUrl);
    // Plain console so the demo's URL and sign-in stand out from the JSON logs.
    console.log(
      `\n  Coex Hub is ready at ${env.appUrl}\n  Sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}\n`,
    );
  }
}
