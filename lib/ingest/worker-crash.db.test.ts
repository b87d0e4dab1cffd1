import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, getDatabase, getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createThrowawayDatabase } from "@/db/testing/database";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { resetEnvForTests } from "@/lib/env";
import { storeRawEvent } from "./store";
import { customerText, envelope } from "./testing/meta-payloads";

/**
 * kill -9 of a `npm run worker` process in the middle of a backlog, then a restart: every
 * acknowledged event is processed, once. On its own database, so the worker's other jobs touch
 * nothing of the other test files. Needs a Postgres server (PGlite lives in one process).
 */
const serverUrl = process.env.TEST_SERVER_URL;
const EVENTS = 1_000;

describe.skipIf(!serverUrl)("a worker killed in the middle of a backlog", () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let previousUrl: string | undefined;

  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!, "crash");
    previousUrl = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = database.url;
    resetEnvForTests();
    await migrateDatabase(getDatabase());
  }, 60_000);

  afterAll(async () => {
    await closeDatabase();
    process.env.DATABASE_URL = previousUrl;
    resetEnvForTests();
    await database?.drop();
  });

  it("leaves nothing behind after a restart, and processes each event once", async () => {
    const partner = await createPartner();
    const client = await createClient(partner.id);
    const channel = await createChannel(partner.id, client.id);
    const ids = {
      wabaId: channel.wabaId,
      phoneNumberId: channel.phoneNumberId,
      displayPhoneNumber: channel.displayPhoneNumber,
    };
    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => {
        const body = JSON.stringify(
          envelope(ids.wabaId, [
            customerText(ids, {
              wamid: `wamid.crash.${i}`,
              from: `1650555${String(i % 1000).padStart(4, "0")}`,
              ts: 1_790_000_000 + i,
              body: `message ${i}`,
            }),
          ]),
        );
        return storeRawEvent({
          body,
          bodyEncoding: "utf8",
          bodyBytes: body.length,
          dedupeKey: createHash("sha256").update(body).digest("hex"),
          signatureValid: true,
        });
      }),
    );

    const first = startWorker(database.url);
    await waitFor(async () => (await counts()).done > 0, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const afterKill = await counts();
    // Killed mid-backlog: work was left for the restart.
    expect(afterKill.pending).toBeGreaterThan(0);

    const second = startWorker(database.url);
    try {
      await waitFor(async () => (await counts()).pending === 0, 120_000);
    } finally {
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));
    }
    const final = await counts();
    expect(final).toEqual({ pending: 0, done: EVENTS, attemptsOverOne: 0, messages: EVENTS });
  }, 240_000);
});

/**
 * One process, so a SIGKILL kills the worker itself: the `tsx` binary runs the script in a child
 * node process, which a kill of the wrapper would leave running (still processing the backlog).
 */
function startWorker(databaseUrl: string): ChildProcess {
  const args = ["--import", "tsx", "--conditions=react-server", "lib/jobs/worker-main.ts"];
  return spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: databaseUrl, HUB_MODE: "test", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function counts() {
  const [row] = rowsOf<{ pending: number; done: number; over: number; messages: number }>(
    await getDb().execute(sql`
      select
        count(*) filter (where outcome = 'pending')::int as pending,
        count(*) filter (where outcome = 'processed')::int as done,
        count(*) filter (where attempts > 1)::int as over,
        (select count(*) from messages)::int as messages
      from webhook_events`),
  );
  return {
    pending: row!.pending,
    done: row!.done,
    attemptsOverOne: row!.over,
    messages: row!.messages,
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the worker");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
