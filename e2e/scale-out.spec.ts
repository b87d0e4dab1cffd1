import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import postgres from "postgres";
import { batch, customerText, envelope } from "../lib/ingest/testing/meta-payloads";
import { expect, test } from "./fixtures";

/**
 * Scale-out on one Postgres: the e2e server, a second `next start` with WORKERS=off and one
 * `npm run worker`. Signed deliveries, duplicated, batched and shuffled as Meta may send them,
 * go through both instances at once: every message is stored once. Postgres only (the e2e
 * server writes its database URL for this spec; PGlite belongs to one process).
 */
const urlFile = "e2e/.auth/database-url";
const channel = {
  wabaId: "seed-waba-1001",
  phoneNumberId: "seed-pn-5511987650001",
  displayPhoneNumber: "5511987650001",
};
const APP_SECRET = "sandbox-app-secret";
const MESSAGES = 300;

function sign(body: string) {
  return `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, {
    env: { ...process.env, HUB_MODE: "test", LOG_LEVEL: "warn", ...env },
    stdio: "ignore",
    detached: true,
  });
}

function stop(child: ChildProcess) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone
    }
  }
}

test("two instances and a worker on one Postgres lose nothing and double nothing", async ({
  request,
  baseURL,
}) => {
  test.skip(!existsSync(urlFile), "needs the e2e server on PostgreSQL");
  test.setTimeout(180_000);
  const databaseUrl = readFileSync(urlFile, "utf8").trim();
  const port = Number(new URL(baseURL!).port) + 50;
  const second = start("npx", ["next", "start", "--port", String(port)], {
    DATABASE_URL: databaseUrl,
    APP_URL: `http://localhost:${port}`,
    WORKERS: "off",
    SEED_DEMO: "false",
  });
  const worker = start("npm", ["run", "worker"], { DATABASE_URL: databaseUrl });
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    await expect
      .poll(
        async () => (await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status,
        { timeout: 90_000 },
      )
      .toBe(200);
    // The suite's server runs its background work on a thread of its own; the second none.
    const jobsOf = async (url: string) => (await (await fetch(`${url}/api/health`)).json()).jobs;
    expect(await jobsOf(baseURL!)).toBe("thread");
    expect(await jobsOf(`http://localhost:${port}`)).toBe("off");

    const run = randomBytes(4).toString("hex");
    const bodies: string[] = [];
    for (let i = 0; i < MESSAGES; i += 3) {
      // Meta puts up to three entries in one POST here.
      const entries = [i, i + 1, i + 2].map((n) =>
        envelope(channel.wabaId, [
          customerText(channel, {
            wamid: `wamid.scale.${run}.${n}`,
            from: `551199${String(n % 50).padStart(7, "0")}`,
            ts: 1_790_000_000 + n,
            body: `scale ${n}`,
          }),
        ]),
      );
      bodies.push(JSON.stringify(batch(...entries)));
    }
    // A third delivered twice, the whole shuffled.
    const deliveries = [...bodies, ...bodies.filter((_, i) => i % 3 === 0)]
      .map((body) => ({ body, key: Math.random() }))
      .sort((a, b) => a.key - b.key)
      .map((d) => d.body);
    const targets = [`${baseURL}/api/webhooks/meta`, `http://localhost:${port}/api/webhooks/meta`];
    for (let i = 0; i < deliveries.length; i += 20) {
      const answers = await Promise.all(
        deliveries.slice(i, i + 20).map((body, k) =>
          request.post(targets[(i + k) % 2]!, {
            data: body,
            headers: { "content-type": "application/json", "x-hub-signature-256": sign(body) },
          }),
        ),
      );
      expect(answers.map((a) => a.status())).toEqual(answers.map(() => 200));
    }

    const like = `wamid.scale.${run}.%`;
    await expect
      .poll(
        async () =>
          (await sql`select count(*)::int as n from messages where wamid like ${like}`)[0]!.n,
        { timeout: 60_000 },
      )
      .toBe(MESSAGES);
    const [events] = await sql`
      select count(*)::int as n, sum(deliveries)::int as deliveries,
        count(*) filter (where outcome <> 'processed')::int as other
      from webhook_events where body like ${`%wamid.scale.${run}.%`}`;
    expect(events).toEqual({ n: bodies.length, deliveries: deliveries.length, other: 0 });
  } finally {
    stop(second);
    stop(worker);
    await sql.end({ timeout: 5 });
  }
});
