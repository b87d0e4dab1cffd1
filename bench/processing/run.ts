/**
 * bench:processing: the half after the 200 on its own. Stores `BENCH_EVENTS` (default 20,000)
 * signed-shape webhook events straight into `webhook_events` (as the route would, no HTTP), the
 * same realistic body as bench:webhook-ingest (a customer message, an echo and 3 statuses, for
 * `BENCH_CUSTOMERS` customers over 4 channels), then starts the ingestion workers
 * (`INGEST_CONCURRENCY`, default 2) and times the backlog until every event is processed. Prints
 * events/s and rows/s, and as a baseline the time to insert the same messages with plain
 * multi-row INSERTs in the same run.
 */
import { createHash } from "node:crypto";
import { machineLine, openBenchDatabase } from "../shared/harness";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5_000);
const CHANNELS = 4;
const log = (line: string) => console.log(line);

async function main() {
  const db = await openBenchDatabase("bench_processing");
  const { sql } = db;
  try {
    const { customerText, echoText, envelope, statuses } = await import(
      "../../lib/ingest/testing/meta-payloads"
    );
    const { storeRawEvent } = await import("../../lib/ingest/store");
    const { startIngestWorkers, stopIngestWorkers } = await import("../../lib/ingest/queue");

    const [partner] =
      await sql`insert into partners (name, slug) values ('Bench', 'bench') returning id`;
    const [client] =
      await sql`insert into clients (partner_id, name) values (${partner!.id}, 'Bench client') returning id`;
    const channels: { wabaId: string; phoneNumberId: string; displayPhoneNumber: string }[] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const ids = {
        wabaId: `bench-waba-${c}`,
        phoneNumberId: `bench-pn-${c}`,
        displayPhoneNumber: `551190000000${c}`,
      };
      await sql`insert into channels (partner_id, client_id, waba_id, phone_number_id, display_phone_number, status)
        values (${partner!.id}, ${client!.id}, ${ids.wabaId}, ${ids.phoneNumberId}, ${ids.displayPhoneNumber}, 'connected')`;
      channels.push(ids);
    }
    log(machineLine());
    const storeStarted = Date.now();
    for (let n = 0; n < EVENTS; n += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, EVENTS - n) }, (_, i) => {
          const k = n + i;
          const channel = channels[k % CHANNELS]!;
          const customer = `5511${String(900000000 + (k % CUSTOMERS)).padStart(9, "0")}`;
          const ts = 1_767_000_000 + k;
          const body = JSON.stringify(
            envelope(channel.wabaId, [
              customerText(channel, {
                wamid: `wamid.c${k}`,
                from: customer,
                ts,
                body: `Order ${k}?`,
              }),
              echoText(channel, {
                wamid: `wamid.e${k}`,
                to: customer,
                ts: ts + 1,
                body: `Ready ${k}`,
              }),
              statuses(channel, [
                { wamid: `wamid.s${k}`, status: "sent", ts: ts + 2, to: customer, pricing: true },
                {
                  wamid: `wamid.s${k}`,
                  status: "delivered",
                  ts: ts + 3,
                  to: customer,
                  pricing: true,
                },
                { wamid: `wamid.s${k}`, status: "read", ts: ts + 4, to: customer },
              ]),
            ]),
          );
          return storeRawEvent({
            body,
            bodyEncoding: "utf8",
            bodyBytes: Buffer.byteLength(body),
            dedupeKey: createHash("sha256").update(body).digest("hex"),
            signatureValid: true,
          });
        }),
      );
    }
    log(
      `[bench] stored ${EVENTS.toLocaleString("en-US")} events in ${((Date.now() - storeStarted) / 1000).toFixed(1)} s`,
    );

    const started = Date.now();
    await startIngestWorkers();
    for (;;) {
      const [row] =
        await sql`select count(*)::int as n from webhook_events where outcome = 'pending'`;
      if (row!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    await stopIngestWorkers();
    const [counts] = await sql`select
      (select count(*)::int from messages) as messages,
      (select count(*)::int from message_status_events) as statuses,
      (select count(*)::int from webhook_events where outcome <> 'processed') as not_processed`;
    log(
      `[bench] processed ${EVENTS.toLocaleString("en-US")} events in ${seconds.toFixed(1)} s: ` +
        `${Math.round(EVENTS / seconds)} events/s (${Math.round(counts!.messages / seconds)} messages/s, ` +
        `${Math.round(counts!.statuses / seconds)} statuses/s) · not processed ${counts!.not_processed}`,
    );
    if (counts!.messages !== EVENTS * 3 || counts!.not_processed !== 0) {
      throw new Error(`expected ${EVENTS * 3} messages, found ${counts!.messages}`);
    }

    // Baseline, same run: the same number of message rows with plain multi-row INSERTs (1,000
    // rows a statement, no conflict handling, no statuses) into another channel.
    const [base] =
      await sql`insert into channels (partner_id, client_id, waba_id, phone_number_id, display_phone_number, status)
        values (${partner!.id}, ${client!.id}, 'bench-base', 'bench-base-pn', '5511999999999', 'connected') returning id`;
    const contactIds: string[] = [];
    for (let c = 0; c < CUSTOMERS; c += 1000) {
      const rows = Array.from({ length: Math.min(1000, CUSTOMERS - c) }, (_, i) => ({
        partner_id: partner!.id,
        channel_id: base!.id,
        wa_id: `5511${String(900000000 + c + i).padStart(9, "0")}`,
      }));
      for (const r of await sql`insert into contacts ${sql(rows)} returning id`)
        contactIds.push(r.id);
    }
    const baseStarted = Date.now();
    for (let m = 0; m < EVENTS * 3; m += 1000) {
      const rows = Array.from({ length: Math.min(1000, EVENTS * 3 - m) }, (_, i) => {
        const k = m + i;
        return {
          partner_id: partner!.id,
          channel_id: base!.id,
          contact_id: contactIds[k % CUSTOMERS]!,
          wamid: `wamid.base${k}`,
          origin: "customer",
          direction: "inbound",
          type: "text",
          content: { type: "text", text: { body: `Order ${k}?` } },
          text: `Order ${k}?`,
          sent_at: new Date((1_767_000_000 + k) * 1000),
          customer_wa_id: "5511900000000",
        };
      });
      await sql`insert into messages ${sql(rows)}`;
    }
    const baseSeconds = (Date.now() - baseStarted) / 1000;
    const baseRate = Math.round((EVENTS * 3) / baseSeconds);
    const hubRate = Math.round(counts!.messages / seconds);
    log(
      `[bench] baseline: plain INSERT of ${(EVENTS * 3).toLocaleString("en-US")} messages in ${baseSeconds.toFixed(1)} s = ${baseRate} messages/s; ` +
        `the pipeline stores ${hubRate} messages/s and as many statuses (${Math.round((hubRate / baseRate) * 100)}% of the baseline's messages alone)`,
    );
  } finally {
    await db.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
