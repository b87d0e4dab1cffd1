/**
 * Forwarding benchmark: `npm run bench:forwarding`.
 *
 * One partner, one channel, BENCH_CUSTOMERS customers (default 100), a local receiver
 * (node:http on 127.0.0.1) as the partner's endpoint, a throwaway PostgreSQL database. Steps:
 * 1. baseline: signed POSTs straight to the receiver, no database, as many in flight as the
 *    worker allows to one URL (the floor the forwarder can at best reach on this machine);
 * 2. a burst of BENCH_DELIVERIES (default 20,000) processed events queued through the real
 *    ingest hand-over (forwardProcessedEvents), then the claim's EXPLAIN ANALYZE on the fresh,
 *    never-analyzed table (stale statistics), then the real worker drains it: deliveries/s;
 * 3. an endpoint that answers after BENCH_ANSWER_MS (default 20 ms, a network away): the rate
 *    and how many requests were in flight to the one partner at once;
 * 4. the burst again with one customer's endpoint failing (503): the other conversations' rate,
 *    and how many of the failing one's deliveries went out (one attempt, the rest held).
 * Prints figures and the ratio to the baseline. Exits 1 when step 2 or 3 misses 500/s, when step
 * 3 never had two requests in flight, when the claim plan scans forwarding_deliveries
 * sequentially, or when a delivery is lost or doubled.
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */

import { ownerScope } from "../../lib/auth/testing";
import { machineLine, openBenchDatabase } from "../shared/harness";

const TARGET_PER_SECOND = 500;
const deliveries = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const customerCount = Number(process.env.BENCH_CUSTOMERS ?? 100);
const FAILING = "5511900000000";
/** Step 3's endpoint answer time (BENCH_ANSWER_MS). */
const SLOW_ANSWER_MS = Number(process.env.BENCH_ANSWER_MS ?? 20);

async function main() {
  const bench = await openBenchDatabase("bench_forwarding");
  const { startReceiver } = await import("../../lib/forwarding/testing");
  let failing = false;
  let answerDelayMs = 0;
  const receiver = await startReceiver((r) => ({
    status: failing && r.body.includes(`"from":"${FAILING}"`) ? 503 : 200,
    delayMs: answerDelayMs,
  }));
  try {
    console.log(`[bench] ${machineLine()}`);
    const factories = await import("../../db/testing/factories");
    const { userActor } = await import("../../lib/partners/actor");
    const { rotatePartnerSecret } = await import("../../lib/partners/settings");
    const forwarding = await import("../../lib/forwarding/settings");
    const { forwardProcessedEvents } = await import("../../lib/forwarding/from-ingest");
    const { startForwardingWorker } = await import("../../lib/forwarding/worker");
    const { postForwarding } = await import("../../lib/forwarding/http");
    const { signatureHeaders } = await import("../../lib/forwarding/signing");

    const partner = await factories.createPartner();
    const owner = await factories.createUser(partner.id, "owner");
    const actor = userActor({ userId: owner.id, email: owner.email });
    const client = await factories.createClient(partner.id);
    const channel = await factories.createChannel(partner.id, client.id);
    const { secret } = await rotatePartnerSecret(ownerScope(partner.id), { actor });
    await forwarding.setChannelWebhook(ownerScope(partner.id), {
      channelId: channel.id,
      url: `${receiver.url}/hook`,
      headers: { Authorization: "Bearer bench" },
      actor,
    });
    const customers = Array.from({ length: customerCount }, (_, i) =>
      i === 0 ? FAILING : `55119${String(10_000_000 + i)}`,
    );
    const event = (n: number, label = "burst") => {
      const customer = customers[n % customers.length]!;
      return {
        webhookEventId: crypto.randomUUID(),
        receivedAt: new Date(),
        replay: false,
        changes: [
          {
            channelId: channel.id,
            partnerId: partner.id,
            field: "messages" as const,
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: channel.displayPhoneNumber,
                phone_number_id: channel.phoneNumberId,
              },
              contacts: [
                { profile: { name: `Customer ${n % customers.length}` }, wa_id: customer },
              ],
              messages: [
                {
                  from: customer,
                  id: `wamid.bench.${label}.${n}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: `message ${n}` },
                },
              ],
            },
          },
        ],
      };
    };
    const enqueue = async (count: number, label?: string) => {
      const started = Date.now();
      for (let from = 0; from < count; from += 500) {
        const batch = Array.from({ length: Math.min(500, count - from) }, (_, i) =>
          event(from + i, label),
        );
        await forwardProcessedEvents(batch);
      }
      return Date.now() - started;
    };
    const perUrl = 32;

    // 1. Baseline: the receiver and the signing, without the database.
    const baselineCount = Math.min(deliveries, 5_000);
    const body = JSON.stringify(event(0));
    let next = 0;
    const baselineStart = performance.now();
    await Promise.all(
      Array.from({ length: perUrl }, async () => {
        while (next++ < baselineCount) {
          await postForwarding({
            url: `${receiver.url}/baseline`,
            headers: {
              "Content-Type": "application/json",
              ...signatureHeaders(body, [secret], new Date()),
            },
            body,
            timeoutMs: 10_000,
            policy: { allowPrivate: true },
          });
        }
      }),
    );
    const baselineRate = baselineCount / ((performance.now() - baselineStart) / 1000);
    console.log(
      `[bench] baseline: ${baselineCount} signed POSTs, ${perUrl} in flight: ${baselineRate.toFixed(0)}/s`,
    );
    receiver.received.length = 0;

    // 2. The burst, the claim's plan on a table never analyzed, the drain.
    const enqueueMs = await enqueue(deliveries);
    console.log(
      `[bench] queued ${deliveries.toLocaleString("en")} deliveries for ${customerCount} customers in ${enqueueMs} ms (forwardProcessedEvents, batches of 500)`,
    );
    const { claimStatement } = await import("../../lib/forwarding/claim");
    const seqScans = await printClaimPlan(
      bench.sql,
      claimStatement({ limit: 64, now: new Date() }).toSQL(),
    );
    // Until every due delivery is settled; with a label, only that step's (step 2's failing
    // conversation stays held behind its head's retry, half a minute away).
    const drain = async (label?: string) => {
      const worker = startForwardingWorker({ concurrency: 64, perUrl });
      const started = performance.now();
      for (;;) {
        const [row] = await bench.sql`
          select count(*)::int as open from forwarding_deliveries
          where status in ('pending', 'delivering') and next_attempt_at <= now()
            and not (body like ${`%"from":"${FAILING}"%`} and ${failing})
            and (${label ?? null}::text is null or body like ${`%"id":"wamid.bench.${label}.%`})`;
        if (row!.open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      return seconds;
    };
    const seconds = await drain();
    const rate = deliveries / seconds;
    const ids = receiver.received.map((r) => String(r.headers["x-coex-delivery"]));
    const doubled = ids.length - new Set(ids).size;
    console.log(
      `[bench] step 1: ${ids.length.toLocaleString("en")} delivered in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} deliveries/s (target >= ${TARGET_PER_SECOND}), ${((rate / baselineRate) * 100).toFixed(0)}% of the baseline · receiver max in flight ${receiver.maxInFlight()} · doubled ${doubled}`,
    );

    // 3. A partner endpoint that takes its time (a real one is a network away): the rate then
    // depends on how many requests are in flight to it at once.
    receiver.received.length = 0;
    receiver.resetMaxInFlight();
    answerDelayMs = SLOW_ANSWER_MS;
    const slowCount = Math.min(deliveries, 5_000);
    await enqueue(slowCount, "slow");
    const slowSeconds = await drain("slow");
    const slowDelivered = receiver.received.length;
    const slowRate = slowDelivered / slowSeconds;
    const slowInFlight = receiver.maxInFlight();
    console.log(
      `[bench] step 2 (the endpoint answers after ${SLOW_ANSWER_MS} ms): ${slowDelivered.toLocaleString("en")}/${slowCount.toLocaleString("en")} delivered at ${slowRate.toFixed(0)}/s · receiver max in flight ${slowInFlight} (one at a time would be ${(1000 / SLOW_ANSWER_MS).toFixed(0)}/s)`,
    );

    answerDelayMs = 0;

    // 4. One failing conversation, last: its deliveries stay held behind its head's retry.
    receiver.received.length = 0;
    failing = true;
    await enqueue(deliveries);
    const failingSeconds = await drain();
    const others = receiver.received.filter((r) => !r.body.includes(`"from":"${FAILING}"`)).length;
    const failingAttempts = receiver.received.length - others;
    const expectedOthers = deliveries - Math.ceil(deliveries / customerCount);
    const otherRate = others / failingSeconds;
    console.log(
      `[bench] step 3 (customer ${FAILING} answers 503): others ${others.toLocaleString("en")}/${expectedOthers.toLocaleString("en")} delivered at ${otherRate.toFixed(0)}/s (${((otherRate / rate) * 100).toFixed(0)}% of step 1); the failing conversation: ${failingAttempts} attempt(s), the rest held in order`,
    );
    const lost = deliveries - ids.length + (expectedOthers - others) + (slowCount - slowDelivered);
    const ok =
      rate >= TARGET_PER_SECOND &&
      slowRate >= TARGET_PER_SECOND &&
      slowInFlight > 1 &&
      seqScans === 0 &&
      doubled === 0 &&
      lost === 0;
    console.log(
      `\n[bench] ${ok ? "ok" : "MISSED"}: ${rate.toFixed(0)}/s (${slowRate.toFixed(0)}/s to a ${SLOW_ANSWER_MS}-ms endpoint, ${slowInFlight} in flight) vs ${TARGET_PER_SECOND}/s target · claim seq scans ${seqScans} · lost ${lost} · doubled ${doubled}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await receiver.close();
    await bench.cleanup();
  }
}

/**
 * EXPLAIN ANALYZE of the claim exactly as the lib builds it, in a transaction rolled back after,
 * right after the burst (statistics not yet gathered). Returns the sequential scans on
 * forwarding_deliveries.
 */
async function printClaimPlan(
  sql: import("postgres").Sql,
  statement: { sql: string; params: unknown[] },
): Promise<number> {
  const [stats] = await sql`
    select coalesce(last_analyze, last_autoanalyze)::text as analyzed, n_live_tup::int as live
    from pg_stat_user_tables where relname = 'forwarding_deliveries'`;
  let plan: string[] = [];
  await sql
    .begin(async (tx) => {
      const rows = await tx.unsafe(
        `explain (analyze, buffers, format text) ${statement.sql}`,
        statement.params as never[],
      );
      plan = rows.map((r) => String(r["QUERY PLAN"]));
      throw new Error("rollback");
    })
    .catch((error: Error) => {
      if (error.message !== "rollback") throw error;
    });
  console.log(
    `\nEXPLAIN ANALYZE · the claim (limit 64), table last analyzed: ${stats?.analyzed ?? "never"}`,
  );
  for (const line of plan) console.log(`  | ${line}`);
  console.log("");
  return plan.filter((l) => /Seq Scan on forwarding_deliveries/.test(l)).length;
}

await main();
