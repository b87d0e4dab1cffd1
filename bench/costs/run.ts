/**
 * Costs read benchmark: `npm run bench:costs`.
 *
 * Seeds one channel of a throwaway PostgreSQL database with BENCH_MESSAGES messages (default
 * 1,000,000; 20,000 contacts, 180 days ending now, API templates with Meta's pricing object)
 * by set-based SQL, prices them all with the real job code (lib/costs/store repriceChannel:
 * engine, message_costs, cost_rollups), then times the real lib/costs reads as the pages and
 * the Partner API call them: the channel's Costs tab (month report), the client page and the
 * Partner API client report, the partner's Costs page, and the admins' disagreement list.
 * Prints p50/p95 against the 200 ms target, the ratio to a trivial primary-key read measured in
 * the same run, EXPLAIN ANALYZE scans, and how long one job tick takes to price 200 new messages
 * (how far the reports lag ingestion). Exits 1 when a target is missed or
 * messages / message_costs is scanned.
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); BENCH_RUNS (default 40).
 */

import { ownerScope } from "../../lib/auth/testing";
import {
  machineLine,
  measure,
  messageScale,
  openBenchDatabase,
  printPlans,
  printTimings,
} from "../shared/harness";
import { seedChannel } from "../shared/seed";

const TARGET_MS = 200;
const messages = messageScale();
const contacts = Number(process.env.BENCH_CONTACTS ?? 20_000);
const NEW_MESSAGES = 200;

async function main() {
  const bench = await openBenchDatabase("bench_costs");
  try {
    console.log(`[bench] ${machineLine()}`);
    const now = new Date();
    const seedStart = Date.now();
    const seeded = await seedChannel(bench.sql, {
      contacts,
      messages,
      bigContact: Math.min(100_000, Math.floor(messages / 10)),
      now,
    });
    console.log(
      `[bench] seeded ${messages.toLocaleString("en")} messages in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const { repriceChannel, priceChangedMessages } = await import("../../lib/costs/store");
    const reports = await import("../../lib/costs/reports");
    const { getDb } = await import("../../db");
    const { sql } = await import("drizzle-orm");
    const { partnerId, channelId, clientId } = seeded;

    const priceStart = Date.now();
    const { priced } = await repriceChannel({ partnerId, channelId });
    const priceSeconds = (Date.now() - priceStart) / 1000;
    // What autovacuum does after a bulk write: statistics, and the visibility map index-only
    // scans rely on.
    await bench.sql.unsafe("vacuum (analyze) message_costs");
    await bench.sql.unsafe("vacuum (analyze) cost_rollups");
    const [counts] = await bench.sql`
      select (select count(*)::int from message_costs) as verdicts,
        (select count(*)::int from cost_rollups) as rollups,
        (select count(*)::int from message_costs where disagreement is not null) as disagreements`;
    console.log(
      `[bench] full pricing: ${priced.toLocaleString("en")} outbound messages priced in ${priceSeconds.toFixed(1)} s (${Math.round(priced / priceSeconds).toLocaleString("en")}/s) · ${counts!.rollups} rollup rows · ${counts!.disagreements} disagreements`,
    );

    const month = now.toISOString().slice(0, 7);
    const monthFrom = `${month}-01`;
    const scope = ownerScope(partnerId);
    const reads: [string, () => Promise<unknown>][] = [
      [
        "floor: one channel by primary key",
        () => getDb().execute(sql`select id from channels where id = ${channelId}`),
      ],
      [
        "month report: channel Costs tab (admin)",
        () => reports.getChannelCostReport(scope, { channelId, withDisagreements: true }),
      ],
      [
        "client report: client page",
        async () =>
          reports.summarise(await reports.getCostBreakdown(scope, { clientId, groupBy: "month" })),
      ],
      [
        "client report: Partner API, by day, a month",
        () =>
          reports.getCostReport(scope, {
            query: { client_id: clientId, group_by: "day", from: monthFrom },
          }),
      ],
      [
        "client report: Partner API, by month, all",
        () => reports.getCostReport(scope, { query: { client_id: clientId, group_by: "month" } }),
      ],
      [
        "partner Costs page (all clients, admin)",
        () =>
          Promise.all([
            reports.listClientCosts(scope),
            reports.getCostBreakdown(scope, { groupBy: "month" }),
            reports.listPricingDisagreements(scope),
          ]),
      ],
    ];
    const sample = (await reports.getChannelCostReport(scope, { channelId })).current;
    console.log(
      `[bench] this month: ${sample?.messages ?? 0} priced, ${sample?.charged ?? 0} charged, ${((sample?.amountMicros ?? 0) / 1e6).toFixed(2)} USD`,
    );

    const timings = [];
    for (const [label, fn] of reads) timings.push(await measure(label, fn));

    // Ingest keeps going: new messages are priced by the next job tick (every 10 s).
    const [last] = await bench.sql`select max(sent_at) as at from messages`;
    await bench.sql.unsafe(`
      insert into messages (partner_id, channel_id, contact_id, wamid, origin, direction, type, text,
        sent_at, status, customer_wa_id, template_name, template_category)
      select m.partner_id, m.channel_id, m.contact_id, 'wamid.bench.new.' || g, 'api', 'outbound',
        case when g % 2 = 0 then 'template' else 'text' end, 'new ' || g,
        '${new Date(last!.at).toISOString()}'::timestamptz + g * interval '1 second', 'sent',
        m.customer_wa_id, case when g % 2 = 0 then 'bench_marketing' end,
        case when g % 2 = 0 then 'marketing' end
      from generate_series(1, ${NEW_MESSAGES}) g
      cross join lateral (select * from messages where channel_id = '${channelId}' and direction = 'inbound'
        order by sent_at desc limit 1) m`);
    const tickStart = Date.now();
    const tick = await priceChangedMessages({ settleMs: 0, channelIds: [channelId] });
    const tickMs = Date.now() - tickStart;

    console.log("");
    printTimings(timings, TARGET_MS);
    const floor = timings[0]!.p50;
    const worst = timings.slice(1).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `\nslowest p95 ${worst.p95.toFixed(1)} ms (${worst.label}) = ${(worst.p95 / floor).toFixed(0)} x the floor's p50 (${floor.toFixed(2)} ms)`,
    );
    console.log(
      `job tick after ${NEW_MESSAGES} new messages: ${tick.messages} verdicts written (incremental: the changed customers' 96 h, the month's later free-tier places) in ${tickMs} ms`,
    );

    let seqScans = 0;
    for (const [label, fn] of reads.slice(1)) {
      const seq = await printPlans(bench.sql, label, fn);
      seqScans += (seq.messages ?? 0) + (seq.message_costs ?? 0);
    }
    const missed = timings.slice(1).filter((t) => t.p95 >= TARGET_MS);
    console.log(
      `\n[bench] ${missed.length === 0 ? "all reports p95 < 200 ms" : `${missed.length} report(s) missed 200 ms`} · sequential scans of messages/message_costs: ${seqScans}`,
    );
    process.exitCode = missed.length === 0 && seqScans === 0 ? 0 : 1;
  } finally {
    await bench.cleanup();
  }
}

await main();
