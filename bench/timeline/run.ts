/**
 * Chats read benchmark: `npm run bench:timeline`.
 *
 * Seeds one channel of a throwaway PostgreSQL database with BENCH_MESSAGES messages (default
 * 1,000,000) across BENCH_CONTACTS contacts (default 20,000), one contact holding a tenth of
 * them (at most 100,000), by set-based SQL. Then times the real lib/chats reads, one after
 * another, as the pages call them: the inbox (all channels) and the channel's conversation list,
 * a search by name and one by message text, the first timeline page of the big conversation
 * (header + page) and an older page deep in it. Prints p50/p95 against the 100 ms target, the
 * ratio to a trivial primary-key read measured in the same run (the machine's floor), and each
 * read's EXPLAIN ANALYZE scans. Exits 1 when a target is missed or messages is scanned.
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

const TARGET_MS = 100;
const messages = messageScale();
const contacts = Number(process.env.BENCH_CONTACTS ?? 20_000);
const bigContact = Math.min(100_000, Math.floor(messages / 10));

async function main() {
  const bench = await openBenchDatabase("bench_timeline");
  try {
    console.log(`[bench] ${machineLine()}`);
    console.log(
      `[bench] seeding ${messages.toLocaleString("en")} messages, ${contacts.toLocaleString("en")} contacts, big conversation ${bigContact.toLocaleString("en")}`,
    );
    const seedStart = Date.now();
    const seeded = await seedChannel(bench.sql, { contacts, messages, bigContact });
    console.log(`[bench] seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const { listConversations, getConversation, listTimeline } = await import("../../lib/chats");
    const { encodeCursor } = await import("../../lib/chats/rows");
    const { getDb } = await import("../../db");
    const { sql } = await import("drizzle-orm");
    const { partnerId, channelId, bigContactId: contactId } = seeded;
    const scope = ownerScope(partnerId);
    const conversation = { channelId, contactId };

    // A cursor 90% of the way back in the big conversation (setup, not measured).
    const [deep] = await bench.sql`
      select seq, extract(epoch from sent_at)::text as epoch,
        extract(epoch from arrived_at)::text as arrival from messages
      where channel_id = ${channelId} and contact_id = ${contactId} and stub = false
        and type not in ('reaction', 'edit', 'revoke')
      order by sent_at desc, arrived_at desc, seq desc offset ${Math.floor(bigContact * 0.9)} limit 1`;
    const deepCursor = encodeCursor(String(deep!.epoch), String(deep!.arrival), String(deep!.seq));
    const nameSearch = "ana sil";
    const textSearch = "invoice 4242";

    const reads: [string, () => Promise<unknown>][] = [
      [
        "floor: one channel by primary key",
        () => getDb().execute(sql`select id from channels where id = ${channelId}`),
      ],
      ["inbox (all channels), first page", () => listConversations(scope)],
      ["channel conversation list, first page", () => listConversations(scope, { channelId })],
      [
        "channel list, window-open filter",
        () => listConversations(scope, { channelId, filter: "window-open" }),
      ],
      [
        `search by name "${nameSearch}"`,
        () => listConversations(scope, { channelId, search: nameSearch }),
      ],
      [
        `search by text "${textSearch}"`,
        () => listConversations(scope, { channelId, search: textSearch }),
      ],
      // Not a target: a word in one message in eight; the cost is reading every match.
      [
        '(info) search by a common word "order"',
        () => listConversations(scope, { channelId, search: "order" }),
      ],
      ["big conversation: header", () => getConversation(scope, conversation)],
      ["big conversation: first timeline page", () => listTimeline(scope, conversation)],
      [
        "big conversation: page 90% deep",
        () => listTimeline(scope, { ...conversation, before: deepCursor }),
      ],
    ];

    // Sanity: the reads return what a user would see.
    const first = await listTimeline(scope, conversation);
    const older = await listTimeline(scope, { ...conversation, before: deepCursor });
    const found = await listConversations(scope, { channelId, search: textSearch });
    console.log(
      `[bench] first page ${first?.messages.length} messages, deep page ${older?.messages.length}, text search ${found.rows.length} conversations`,
    );
    // An empty page is fast and would measure nothing: refuse to go on.
    if (!first?.messages.length || !older?.messages.length || found.rows.length === 0) {
      throw new Error("a read returned nothing: the figures would not mean anything");
    }

    const timings = [];
    for (const [label, fn] of reads) timings.push(await measure(label, fn));
    console.log("");
    printTimings(timings, TARGET_MS);
    const floor = timings[0]!.p50;
    const worst = timings.slice(1).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `\nslowest p95 ${worst.p95.toFixed(1)} ms (${worst.label}) = ${(worst.p95 / floor).toFixed(0)} x the floor's p50 (${floor.toFixed(2)} ms)`,
    );

    const seq: Record<string, number> = {};
    for (const [label, fn] of reads.slice(1)) {
      for (const [table, n] of Object.entries(await printPlans(bench.sql, label, fn))) {
        seq[table] = (seq[table] ?? 0) + n;
      }
    }
    const seqScans = seq.messages ?? 0;
    const missed = timings
      .slice(1)
      .filter((t) => t.p95 >= TARGET_MS && !t.label.startsWith("(info)"));
    console.log(
      `\n[bench] ${missed.length === 0 ? "all reads p95 < 100 ms" : `${missed.length} read(s) missed 100 ms`} · sequential scans: messages ${seqScans}, contacts ${seq.contacts ?? 0} (hash-joined whole when the planner finds it cheaper)`,
    );
    process.exitCode = missed.length === 0 && seqScans === 0 ? 0 : 1;
  } finally {
    await bench.cleanup();
  }
}

await main();
