import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, getDatabase, getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { messages } from "@/db/schema";
import { createThrowawayDatabase } from "@/db/testing/database";
import { resetEnvForTests } from "@/lib/env";
import { sendIngestionWakeupsTo } from "@/lib/ingest/queue";
import { channelWithPartner, POST, signedRequest } from "@/lib/ingest/testing/harness";
import { type ChannelIds, customerText, envelope } from "@/lib/ingest/testing/meta-payloads";
import { getJobsPlacement } from "@/lib/system/readiness";
import { jobsThreadWorker, startJobsThread, stopJobsThread, wakeJobsThread } from "./jobs-thread";

/**
 * The web process's background work on its own thread: the real route stores a signed delivery,
 * this process runs no worker, and the thread processes it. On its own database (the thread's
 * jobs claim whatever is pending), so Postgres only: PGlite belongs to one thread.
 */
const serverUrl = process.env.TEST_SERVER_URL;

describe.skipIf(!serverUrl)("the web process's jobs thread", () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let previousUrl: string | undefined;
  let ids: ChannelIds;

  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!, "thread");
    previousUrl = process.env.DATABASE_URL;
    await closeDatabase();
    // The thread copies this process's environment when it starts.
    process.env.DATABASE_URL = database.url;
    resetEnvForTests();
    await migrateDatabase(getDatabase());
    const made = await channelWithPartner();
    ids = made.ids;
  }, 60_000);

  afterAll(async () => {
    await stopJobsThread();
    sendIngestionWakeupsTo(null);
    await closeDatabase();
    process.env.DATABASE_URL = previousUrl;
    resetEnvForTests();
    await database?.drop();
  });

  function delivery(n: number) {
    return envelope(ids.wabaId, [
      customerText(ids, {
        wamid: `wamid.thread.${n}`,
        from: "16505550100",
        ts: 1_790_000_000 + n,
        body: `thread ${n}`,
      }),
    ]);
  }

  async function stored(n: number) {
    const [row] = await getDb()
      .select({ text: messages.text })
      .from(messages)
      .where(eq(messages.wamid, `wamid.thread.${n}`));
    return row?.text ?? null;
  }

  it("refuses to start from a missing or failing entry, so the web process keeps the jobs", async () => {
    await expect(startJobsThread(join(tmpdir(), "no-such-entry.mjs"))).rejects.toThrow(/missing/);
    const failing = join(tmpdir(), `coex-failing-entry-${process.pid}.mjs`);
    writeFileSync(failing, 'throw new Error("cannot load the jobs");\n');
    await expect(startJobsThread(failing)).rejects.toThrow(/cannot load the jobs/);
    expect(jobsThreadWorker()).toBeNull();
  });

  it("processes what the route stored, woken by the route, while this thread runs no worker", async () => {
    await startJobsThread();
    sendIngestionWakeupsTo(wakeJobsThread);
    expect(getJobsPlacement()).toBe("thread");

    const response = await POST(signedRequest(delivery(1)));
    expect(response.status).toBe(200);
    await expect.poll(() => stored(1), { timeout: 20_000 }).toBe("thread 1");
    const [event] = rowsOf<{ outcome: string; attempts: number }>(
      await getDb().execute(sql`select outcome, attempts from webhook_events`),
    );
    expect(event).toEqual({ outcome: "processed", attempts: 1 });
  }, 60_000);

  it("is started again when it dies, and goes on processing", async () => {
    await jobsThreadWorker()!.terminate();
    expect(getJobsPlacement()).toBe("thread-restarting");
    await expect.poll(() => getJobsPlacement(), { timeout: 30_000 }).toBe("thread");

    await POST(signedRequest(delivery(2)));
    await expect.poll(() => stored(2), { timeout: 20_000 }).toBe("thread 2");
  }, 60_000);

  it("stops: nothing is processed after it", async () => {
    await stopJobsThread();
    expect(jobsThreadWorker()).toBeNull();
    await POST(signedRequest(delivery(3)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await stored(3)).toBeNull();
  }, 30_000);
});
