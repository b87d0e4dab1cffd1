/**
 * History import benchmark: `npm run bench:history`.
 *
 * A sandbox business's history (lib/sandbox/history.ts: BENCH_MESSAGES messages, default
 * 100,000, over 180 days and BENCH_CONTACTS contacts, default 5,000), cut into Meta's chunks of
 * BENCH_CHUNK messages (default 1,000), each chunk signed and POSTed back to back to the hub's
 * real webhook route handler, in-process, with the ingestion workers running in this process
 * (as the read benches run lib code: `tsx --conditions=react-server`, throwaway database).
 * Measures messages/s from the first chunk received (the first event's received_at) to the last
 * message stored (every event processed, the message count reached), checks the progress and
 * chunk rows, then a baseline in the same run: the same rows by plain multi-row INSERTs (1,000
 * rows a statement, no conflict handling) into a second channel. Prints both and their ratio.
 */
import { createHmac } from "node:crypto";
import { machineLine, openBenchDatabase } from "../shared/harness";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5_000);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1_000);
const DAYS = 180;
const onJobsThread = process.env.BENCH_JOBS !== "main-thread";
const APP_SECRET = "sandbox-app-secret"; // the sandbox default the app uses in HUB_MODE=test

const log = (line: string) => console.log(line);

async function main() {
  const db = await openBenchDatabase("bench_history");
  const { sql } = db;
  try {
    process.env.META_APP_SECRET ??= APP_SECRET;
    const { generateContacts, generateHistoryMessages, planHistoryChunks } = await import(
      "../../lib/sandbox/history"
    );
    const { envelope, historyChunkChange } = await import("../../lib/sandbox/payloads");
    const { POST } = await import("../../app/api/webhooks/meta/route");
    const { startIngestWorkers, stopIngestWorkers, sendIngestionWakeupsTo } = await import(
      "../../lib/ingest/queue"
    );
    const { startJobsThread, stopJobsThread, wakeJobsThread } = await import(
      "../../lib/jobs/jobs-thread"
    );
    const { getEnv } = await import("../../lib/env");
    const secret = getEnv().meta.appSecret ?? APP_SECRET;

    const [partner] =
      await sql`insert into partners (name, slug) values ('Bench', 'bench') returning id`;
    const [client] =
      await sql`insert into clients (partner_id, name) values (${partner!.id}, 'Bench client') returning id`;
    const number = {
      wabaId: "bench-history-waba",
      phoneNumberId: "bench-history-pn",
      displayPhoneNumber: "5511900000000",
    };
    const channelRow = async (suffix: string) => {
      const [row] =
        await sql`insert into channels (partner_id, client_id, waba_id, phone_number_id, display_phone_number, status)
        values (${partner!.id}, ${client!.id}, ${number.wabaId + suffix}, ${number.phoneNumberId + suffix}, ${number.displayPhoneNumber}, 'connected') returning id`;
      return String(row!.id);
    };
    const channelId = await channelRow("");

    const until = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const contacts = generateContacts("bench", "BR", CONTACTS);
    const messages = generateHistoryMessages({
      seed: "bench",
      businessNumber: number.displayPhoneNumber,
      contacts,
      days: DAYS,
      until,
      messagesPerDay: MESSAGES / DAYS,
    });
    const plans = planHistoryChunks(messages, until, CHUNK);
    const bodies = plans.map((plan) => {
      const raw = JSON.stringify(
        envelope([
          {
            wabaId: number.wabaId,
            time: until,
            changes: [historyChunkChange(number, plan)],
          },
        ]),
      );
      return { raw, signature: `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}` };
    });
    const bytes = bodies.reduce((n, b) => n + b.raw.length, 0);
    log(`\n[bench] ${machineLine()}`);
    log(
      `[bench] history: processing on the ${onJobsThread ? "jobs thread" : "main thread"}, ${messages.length.toLocaleString("en")} messages, ${contacts.length.toLocaleString("en")} contacts, ${plans.length} chunks of <= ${CHUNK} (${(bytes / 2 ** 20).toFixed(1)} MiB), generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // As the web process runs them with Postgres: on its jobs thread (BENCH_JOBS=main-thread:
    // the claim loops on the thread that answers the POSTs, as before session 15).
    if (onJobsThread) {
      await startJobsThread();
      sendIngestionWakeupsTo(wakeJobsThread);
    } else {
      await startIngestWorkers();
    }
    const postStart = Date.now();
    for (const body of bodies) {
      const response = await POST(
        new Request("http://bench.local/api/webhooks/meta", {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": body.signature },
          body: body.raw,
        }),
      );
      if (response.status !== 200) throw new Error(`the route answered ${response.status}`);
    }
    const postSeconds = (Date.now() - postStart) / 1000;
    // Wait for the last message stored: every event processed and the count reached.
    const deadline = Date.now() + 30 * 60_000;
    let stored = 0;
    for (;;) {
      const [pending] =
        await sql`select count(*)::int as n from webhook_events where outcome in ('pending', 'failed')`;
      // Counting the channel's messages reads all of them: only once nothing is left to process
      // (polled every 50 ms, the count took a tenth of the database's CPU during the import).
      if (pending!.n === 0) {
        const [count] =
          await sql`select count(*)::int as n from messages where channel_id = ${channelId}`;
        stored = count!.n;
        if (stored >= messages.length) break;
      }
      if (Date.now() > deadline) throw new Error(`not done: ${stored} messages stored`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const doneAt = Date.now();
    if (onJobsThread) await stopJobsThread();
    else await stopIngestWorkers();
    const [first] = await sql`select min(received_at) as at from webhook_events`;
    const seconds = (doneAt - new Date(first!.at).getTime()) / 1000;
    const [channel] =
      await sql`select history_progress as progress from channels where id = ${channelId}`;
    const [chunks] =
      await sql`select count(*)::int as n, sum(message_count)::int as messages from history_chunks where channel_id = ${channelId}`;
    const [outcomes] =
      await sql`select count(*) filter (where outcome = 'processed')::int as processed, count(*)::int as total from webhook_events`;
    const rate = messages.length / seconds;
    log(
      `hub: ${bodies.length} POSTs answered in ${postSeconds.toFixed(1)} s; ${stored.toLocaleString("en")} messages stored ${seconds.toFixed(1)} s after the first chunk was received: ${rate.toFixed(0)} messages/s`,
    );
    log(
      `progress ${channel!.progress} · chunks ${chunks!.n} of ${plans.length} (${chunks!.messages} messages) · events processed ${outcomes!.processed} of ${outcomes!.total}`,
    );

    // Baseline: the same rows, plain multi-row INSERTs, no conflict handling, a second channel.
    const baselineChannel = await channelRow("-baseline");
    const contactIds = new Map<string, string>();
    const waIds = [...new Set(messages.map((m) => m.threadId))];
    for (let i = 0; i < waIds.length; i += 5_000) {
      const rows = await sql`insert into contacts ${sql(
        waIds.slice(i, i + 5_000).map((waId) => ({
          partner_id: partner!.id,
          channel_id: baselineChannel,
          wa_id: waId,
        })),
      )} returning id, wa_id`;
      for (const row of rows) contactIds.set(row.wa_id, String(row.id));
    }
    const baselineStart = Date.now();
    for (let i = 0; i < messages.length; i += 1_000) {
      await sql`insert into messages ${sql(
        messages.slice(i, i + 1_000).map((m) => {
          const outbound = m.from === number.displayPhoneNumber;
          return {
            partner_id: partner!.id,
            channel_id: baselineChannel,
            contact_id: contactIds.get(m.threadId)!,
            wamid: m.id,
            origin: "history",
            direction: outbound ? "outbound" : "inbound",
            type: m.type,
            content: sql.json(m.text ? { text: m.text } : {}),
            text: m.text?.body ?? null,
            sent_at: new Date(m.timestamp * 1000),
            status: outbound ? m.status.toLowerCase() : null,
            customer_wa_id: m.threadId,
          };
        }),
      )}`;
    }
    const baselineSeconds = (Date.now() - baselineStart) / 1000;
    const baselineRate = messages.length / baselineSeconds;
    log(
      `baseline: plain multi-row INSERT of the same ${messages.length.toLocaleString("en")} rows in ${baselineSeconds.toFixed(1)} s: ${baselineRate.toFixed(0)} messages/s`,
    );
    log(`hub / baseline = ${((rate / baselineRate) * 100).toFixed(0)}% (target 20,000 messages/s)`);
    const ok =
      stored === messages.length &&
      channel!.progress === 100 &&
      chunks!.n === plans.length &&
      outcomes!.processed === outcomes!.total;
    log(
      ok ? "[bench] every message, chunk and the progress stored" : "[bench] MISMATCH: see above",
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await db.cleanup();
  }
}

await main();
