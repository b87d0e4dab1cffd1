/**
 * Webhook ingestion benchmark: `npm run bench:webhook-ingest`.
 *
 * Starts the built app (`next build` first if there is no build) on a throwaway PostgreSQL
 * database, then posts realistic signed batches (customer messages, echoes, statuses; ~10%
 * redeliveries of an earlier body) with autocannon:
 *   1. the route's own ceiling: the same app with WEBHOOK_NOOP=true (signature check, no write);
 *   2. ingestion at rising rates, then unthrottled (processing runs in the same process);
 *   3. a burst at the ack max (BENCH_BURST_SECONDS, default 60), then the time until every event
 *      of it is processed: the processing rate as a ratio of the ack max, and the
 *      ack-to-processed latency p50/p99 of its events;
 *   4. scale-out: a second instance (WORKERS=off) and one `npm run worker` beside the first,
 *      both instances under load at once: what the second instance adds.
 * For each step it prints accepted/s, p50/p99 latency and errors; at the end, once processing
 * has drained, the rows found against the rows expected (events and messages), and the ratio
 * of ingestion to the ceiling.
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must reach a server that
 * lets us create a database. BENCH_PORT (default 3310), BENCH_SECONDS (default 8),
 * BENCH_DRAIN_SECONDS (how long to wait for processing to finish, default 900),
 * BENCH_BURST_SECONDS (default 60), BENCH_SCALE_OUT=false skips step 4.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import postgres from "postgres";
import { createThrowawayDatabase } from "../../db/testing/database";
import {
  type ChannelIds,
  customerText,
  echoText,
  envelope,
  statuses,
} from "../../lib/ingest/testing/meta-payloads";
import { type PacedResult, pacedLoad } from "../shared/paced-load";

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const basePort = Number(process.env.BENCH_PORT ?? 3310);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
// Processing after the answers takes longer than the burst: wait this long for it to finish.
const drainLimitSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 900);
const burstSeconds = Number(process.env.BENCH_BURST_SECONDS ?? 60);
const scaleOut = process.env.BENCH_SCALE_OUT !== "false";
const CONNECTIONS = 50;
const RATES = [250, 500, 1000, 1500, 0]; // requests/s over all connections; 0 = as fast as it goes
const APP_SECRET = "sandbox-app-secret"; // the sandbox default the app uses in HUB_MODE=test
const CHANNELS = 4;
const DUPLICATE_SHARE = 0.1;

type Body = { raw: string; signature: string; wamids: string[] };

function sign(raw: string) {
  return `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`;
}

/** A realistic POST: one entry with a customer message, an echo and 3 statuses. */
function makeBody(channel: ChannelIds, n: number): Body {
  const customer = `5511${String(900000000 + (n % 5000)).padStart(9, "0")}`;
  const ts = 1_767_000_000 + n;
  const wamids = [`wamid.bench.c${n}`, `wamid.bench.e${n}`, `wamid.bench.s${n}`];
  const raw = JSON.stringify(
    envelope(channel.wabaId, [
      customerText(channel, {
        wamid: wamids[0]!,
        from: customer,
        ts,
        body: `Hello, is order ${n} ready?`,
      }),
      echoText(channel, {
        wamid: wamids[1]!,
        to: customer,
        ts: ts + 1,
        body: `Yes, order ${n} is ready for pickup.`,
      }),
      statuses(channel, [
        { wamid: wamids[2]!, status: "sent", ts: ts + 2, to: customer, pricing: true },
        { wamid: wamids[2]!, status: "delivered", ts: ts + 3, to: customer, pricing: true },
        { wamid: wamids[2]!, status: "read", ts: ts + 4, to: customer },
      ]),
    ]),
  );
  return { raw, signature: sign(raw), wamids };
}

async function waitForHealth(port: number) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app on port ${port} did not become healthy`);
}

function startApp(port: number, databaseUrl: string, extra: Record<string, string>): ChildProcess {
  const child = spawn("npx", ["next", "start", "--port", String(port)], {
    env: {
      ...process.env,
      HUB_MODE: "test",
      DATABASE_URL: databaseUrl,
      APP_URL: `http://localhost:${port}`,
      LOG_LEVEL: "warn",
      ...extra,
    },
    stdio: ["ignore", "ignore", "ignore"],
    detached: true,
  });
  return child;
}

async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    // The whole group: npx, sh and next-server.
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

type Step = { label: string; result: PacedResult };

/**
 * One step: at `rate` requests/s, paced evenly (pacedLoad: latency from when each request was
 * due), or with rate 0 as fast as `connections` connections go (autocannon).
 */
async function load(
  port: number,
  rate: number,
  pick: () => Body,
  sent: Set<Body>,
  duration = seconds,
  connections = CONNECTIONS,
): Promise<PacedResult> {
  const next = () => {
    const body = pick();
    sent.add(body);
    return {
      path: "/api/webhooks/meta",
      body: body.raw,
      headers: { "content-type": "application/json", "x-hub-signature-256": body.signature },
    };
  };
  if (rate > 0) return pacedLoad({ port, rate, seconds: duration, connections, next });
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/webhooks/meta`,
    connections,
    duration,
    requests: [{ method: "POST", setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  return {
    ok: r["2xx"],
    seconds: r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

function row(label: string, r: PacedResult) {
  const accepted = r.ok / r.seconds;
  return `${label.padEnd(22)} ${accepted.toFixed(0).padStart(8)} ${String(r.p50).padStart(6)} ${String(r.p99).padStart(6)} ${String(r.errors).padStart(7)}`;
}

/** Waits until no event is pending or due for a retry; returns the seconds it took. */
async function drain(sql: postgres.Sql): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [r] =
      await sql`select count(*)::int as n from webhook_events where outcome = 'pending' or (outcome = 'failed' and attempts < 8)`;
    if (r!.n === 0 || Date.now() - started > drainLimitSeconds * 1000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (Date.now() - started) / 1000;
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("[bench] no build found: running next build");
    const built = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (built.status !== 0) process.exit(1);
  }
  const database = await createThrowawayDatabase(serverUrl, "bench");
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    for (const child of children) await stopApp(child);
    await sql.end({ timeout: 5 }).catch(() => {});
    await database.drop();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    // The noop app migrates the database on start; then the channels are seeded.
    const noop = startApp(basePort, database.url, { WEBHOOK_NOOP: "true" });
    children.push(noop);
    await waitForHealth(basePort);
    const [partner] =
      await sql`insert into partners (name, slug) values ('Bench', 'bench') returning id`;
    const [client] =
      await sql`insert into clients (partner_id, name) values (${partner!.id}, 'Bench client') returning id`;
    const channels: ChannelIds[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const ids = {
        wabaId: `bench-waba-${i}`,
        phoneNumberId: `bench-pn-${i}`,
        displayPhoneNumber: `1555000000${i}`,
      };
      await sql`insert into channels (partner_id, client_id, waba_id, phone_number_id, display_phone_number, status)
        values (${partner!.id}, ${client!.id}, ${ids.wabaId}, ${ids.phoneNumberId}, ${ids.displayPhoneNumber}, 'connected')`;
      channels.push(ids);
    }

    let counter = 0;
    const made: Body[] = [];
    const pick = () => {
      if (made.length > 100 && Math.random() < DUPLICATE_SHARE) {
        return made[Math.floor(Math.random() * made.length)]!;
      }
      const body = makeBody(channels[counter % CHANNELS]!, counter);
      counter++;
      made.push(body);
      return body;
    };

    const steps: Step[] = [];
    console.log(
      `\n[bench] ${cpus().length} x ${cpus()[0]?.model} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · ${CONNECTIONS} connections · ${seconds} s per step`,
    );
    console.log(
      `${"step".padEnd(22)} ${"acc/s".padStart(8)} ${"p50ms".padStart(6)} ${"p99ms".padStart(6)} ${"errors".padStart(7)}`,
    );

    // Warm the route (JIT, first compile of the handler) before measuring.
    await load(basePort, 0, pick, new Set());
    const ceiling = await load(basePort, 0, pick, new Set());
    steps.push({ label: "no-op ceiling (max)", result: ceiling });
    console.log(row("no-op ceiling (max)", ceiling));
    await stopApp(noop);

    const port = basePort + 1;
    const app = startApp(port, database.url, {});
    children.push(app);
    await waitForHealth(port);
    const sent = new Set<Body>();
    // Warm this app too (JIT, the connection pool, the first inserts), as the ceiling's was; its
    // events count like the others.
    await load(port, 250, pick, sent);
    const windows: { label: string; from: Date; to: Date }[] = [];
    for (const rate of RATES) {
      const label = rate > 0 ? `ingest @ ${rate}/s` : "ingest (max)";
      const from = new Date();
      const result = await load(port, rate, pick, sent);
      windows.push({ label, from, to: new Date() });
      steps.push({ label, result });
      // Paced steps send on time whatever the answers: above what the route answers per second,
      // requests queue and the step's latency is the queue's, growing with the step's length.
      const overloaded = rate > 0 && result.ok / result.seconds < rate * 0.95;
      console.log(`${row(label, result)}${overloaded ? "  (over capacity: queueing)" : ""}`);
    }

    // Let the processing after the answers finish.
    const [atEnd] =
      await sql`select count(*)::int as n from webhook_events where outcome in ('pending', 'failed')`;
    const backlogAtEnd = atEnd!.n;
    const drainSeconds = await drain(sql);
    // Ack-to-processed latency of each rate step's events (a step's backlog spills into the next).
    const latencyLines: string[] = [];
    for (const { label, from, to } of windows) {
      const [stats] = await sql`
        select percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at))::float as p50,
          percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at))::float as p99
        from webhook_events where received_at >= ${from} and received_at <= ${to}`;
      latencyLines.push(
        `${label.padEnd(22)} ack-to-processed p50 ${(stats!.p50 * 1000).toFixed(0)} ms, p99 ${(stats!.p99 * 1000).toFixed(0)} ms`,
      );
    }

    // A burst at the ack max, then until its last event is processed.
    const burstStart = new Date();
    const burst = await load(port, 0, pick, sent, burstSeconds);
    const burstEnd = new Date();
    steps.push({ label: `burst (max, ${burstSeconds} s)`, result: burst });
    console.log(row(`burst (max, ${burstSeconds} s)`, burst));
    const burstDrain = await drain(sql);
    const [burstStats] = await sql`
      select count(*)::int as n,
        extract(epoch from max(processed_at) - min(received_at))::float as span,
        percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at))::float as p50,
        percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at))::float as p99
      from webhook_events where received_at >= ${burstStart} and received_at <= ${burstEnd}`;
    const [duringBurst] = await sql`
      select count(*)::int as n from webhook_events
      where received_at >= ${burstStart} and received_at <= ${burstEnd} and processed_at <= ${burstEnd}`;
    const ackMax = burst.ok / burst.seconds;
    const processingRate = burstStats!.n / Math.max(burstStats!.span, burst.seconds);

    let scaleOutLine = "";
    if (scaleOut) {
      // One instance alone, then two instances and a worker, each at max for the same time.
      const single = await load(port, 0, pick, sent);
      await drain(sql);
      const port2 = port + 1;
      const second = startApp(port2, database.url, { WORKERS: "off" });
      children.push(second);
      const worker = spawn("npm", ["run", "worker"], {
        env: { ...process.env, HUB_MODE: "test", DATABASE_URL: database.url, LOG_LEVEL: "warn" },
        stdio: ["ignore", "ignore", "ignore"],
        detached: true,
      });
      children.push(worker);
      await waitForHealth(port2);
      await load(port2, 250, pick, sent); // warm the second instance
      await drain(sql);
      const pairStart = new Date();
      const [a, b] = await Promise.all([
        load(port, 0, pick, sent, seconds, CONNECTIONS / 2),
        load(port2, 0, pick, sent, seconds, CONNECTIONS / 2),
      ]);
      const pairDrain = await drain(sql);
      const [pairStats] = await sql`
        select count(*)::int as n, extract(epoch from max(processed_at) - min(received_at))::float as span
        from webhook_events where received_at >= ${pairStart}`;
      const one = single.ok / single.seconds;
      const two = a!.ok / a!.seconds + b!.ok / b!.seconds;
      console.log(row("one instance (max)", single));
      console.log(row("instance 1 of 2 (max)", a!));
      console.log(row("instance 2 of 2 (max)", b!));
      scaleOutLine = `scale-out         two instances + a worker ack ${two.toFixed(0)}/s against ${one.toFixed(0)}/s for one (${((two / one - 1) * 100).toFixed(0)}% added by the second); processed ${(pairStats!.n / Math.max(pairStats!.span, seconds)).toFixed(0)} events/s, drained ${pairDrain.toFixed(0)} s after the load`;
      await stopApp(worker);
    }

    // Count everything sent against everything stored.
    const expectedEvents = sent.size;
    const expectedMessages = [...sent].reduce((n, b) => n + b.wamids.length, 0);
    const [events] =
      await sql`select count(*)::int as n, coalesce(sum(deliveries), 0)::int as deliveries from webhook_events`;
    const [messageCount] = await sql`select count(*)::int as n from messages`;
    const [outcomes] =
      await sql`select count(*) filter (where outcome = 'processed')::int as processed, count(*) filter (where outcome = 'failed')::int as failed, count(*) filter (where outcome = 'pending')::int as pending from webhook_events`;
    const pending = outcomes!.pending;

    const max = steps.find((s) => s.label === "ingest (max)")!.result;
    const ratio = max.ok / max.seconds / (ceiling.ok / ceiling.seconds);
    const totalErrors = steps.slice(1).reduce((n, s) => n + s.result.errors, 0);
    console.log(
      `\nevents stored     ${events!.n} (expected ${expectedEvents} distinct bodies; ${events!.deliveries} deliveries counted)`,
    );
    console.log(`messages stored   ${messageCount!.n} (expected ${expectedMessages})`);
    console.log(
      `processed/failed  ${outcomes!.processed}/${outcomes!.failed} · backlog ${pending > 0 ? `NOT drained (${pending} pending)` : "drained"} · the rate steps' backlog (${backlogAtEnd}) drained ${drainSeconds.toFixed(1)} s after the last step`,
    );
    console.log(
      `burst             ${burstStats!.n} events acked at ${ackMax.toFixed(0)}/s, all processed ${burstDrain.toFixed(1)} s after the burst ended: processing ${processingRate.toFixed(0)} events/s = ${((processingRate / ackMax) * 100).toFixed(0)}% of the ack max · ack-to-processed p50 ${(burstStats!.p50 * 1000).toFixed(0)} ms, p99 ${(burstStats!.p99 * 1000).toFixed(0)} ms`,
    );
    console.log(
      `                  of which processed during the burst ${duringBurst!.n} (${(duringBurst!.n / burst.seconds).toFixed(0)}/s), after it ${burstStats!.n - duringBurst!.n} in ${burstDrain.toFixed(1)} s (${((burstStats!.n - duringBurst!.n) / Math.max(burstDrain, 0.001)).toFixed(0)}/s)`,
    );
    for (const line of latencyLines) console.log(line);
    if (scaleOutLine) console.log(scaleOutLine);
    console.log(
      `ingest max / no-op ceiling = ${(ratio * 100).toFixed(0)}% · ingest errors ${totalErrors}`,
    );
    const ok =
      events!.n === expectedEvents && messageCount!.n === expectedMessages && totalErrors === 0;
    console.log(
      ok ? "[bench] nothing lost, nothing doubled" : "[bench] MISMATCH: see the counts above",
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

await main();
