/**
 * Bulk seeding for the read benchmarks: one partner, client and channel, `contacts` customers
 * and `messages` messages written by set-based SQL (generate_series), never row by row. The
 * messages table's secondary indexes are dropped during the load and rebuilt after (the very
 * definitions the migrations created), then the tables are analysed.
 *
 * Shape: one "big" contact holds `bigContact` messages; the rest spread over the others. Times
 * are a permutation of `days` days ending now, so every conversation spans the whole period.
 * The first sixth is imported history (before onboarding); after it, per 20 messages: 8 from
 * the customer, 4 through the API (a marketing and a utility template, two free-form; Meta's
 * pricing object on 4 in 5), 6 app echoes, a reaction and an image from the customer.
 */
import type postgres from "postgres";

export type Seeded = {
  partnerId: string;
  clientId: string;
  channelId: string;
  bigContactId: string;
  onboardedAt: Date;
};

const NAMES = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Farid", "Gita", "Hugo", "Ines", "Jonas"];
const SURNAMES = ["Silva", "Santos", "Sharma", "Patel", "Schmidt", "Smith", "Wijaya", "Costa"];
// Calling-code prefixes of the rate card's sample markets (Brazil, India, NA, Germany, Indonesia).
const PREFIXES = ["55119", "9198", "1415", "49151", "62812"];
const WORDS = ["order", "delivery", "invoice", "refund", "pickup", "price", "thanks", "hello"];

const list = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(",")}]`;

export async function seedChannel(
  sql: postgres.Sql,
  {
    contacts,
    messages,
    bigContact,
    days = 180,
    now = new Date(),
    log = (line: string) => console.log(line),
  }: {
    contacts: number;
    messages: number;
    bigContact: number;
    days?: number;
    now?: Date;
    log?: (line: string) => void;
  },
): Promise<Seeded> {
  const periodMs = days * 24 * 3600_000;
  const base = new Date(now.getTime() - periodMs);
  const onboardedAt = new Date(base.getTime() + periodMs / 6);
  const [partner] =
    await sql`insert into partners (name, slug) values ('Bench partner', ${`bench-${Date.now()}`}) returning id`;
  const [client] =
    await sql`insert into clients (partner_id, name) values (${partner!.id}, 'Bench client') returning id`;
  const [channel] = await sql`
    insert into channels (partner_id, client_id, waba_id, phone_number_id, display_phone_number, status, onboarded_at)
    values (${partner!.id}, ${client!.id}, 'bench-waba', 'bench-pn', '15550001000', 'connected', ${onboardedAt})
    returning id`;
  const partnerId = String(partner!.id);
  const clientId = String(client!.id);
  const channelId = String(channel!.id);

  await sql.unsafe(`
    insert into contacts (partner_id, channel_id, wa_id, profile_name, app_name)
    select '${partnerId}', '${channelId}',
      (${list(PREFIXES)})[1 + k % ${PREFIXES.length}] || lpad(k::text, 8, '0'),
      (${list(NAMES)})[1 + k % ${NAMES.length}] || ' ' || (${list(SURNAMES)})[1 + (k / ${NAMES.length}) % ${SURNAMES.length}],
      case when k % 3 = 0 then 'Client ' || k end
    from generate_series(1, ${contacts}) k`);
  await sql.unsafe(`
    create temporary table bench_contacts as
    select right(wa_id, 8)::int as k, id, wa_id from contacts where channel_id = '${channelId}'`);
  await sql.unsafe("create unique index on bench_contacts (k)");

  const indexes = await sql<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename = 'messages' and indexname <> 'messages_pkey'`;
  for (const ix of indexes) await sql.unsafe(`drop index "${ix.indexname}"`);

  const stepMs = periodMs / messages;
  const others = Math.max(1, contacts - 1);
  const batch = 200_000;
  for (let lo = 1; lo <= messages; lo += batch) {
    const hi = Math.min(messages, lo + batch - 1);
    await sql.unsafe(`
      insert into messages (partner_id, channel_id, contact_id, wamid, origin, direction, type,
        content, text, sent_at, status, status_at, customer_wa_id, reaction_to_wamid, referral,
        media, template_name, template_category, pricing, pricing_category, pricing_type)
      select '${partnerId}', '${channelId}', c.id, 'wamid.bench.' || g.i, g.origin::message_origin,
        g.direction::message_direction, g.type, jsonb_build_object('type', g.type),
        case when g.type <> 'reaction' then
          (${list(WORDS)})[1 + g.i % ${WORDS.length}] || ' ' || (g.i % 100000) || ' ' ||
          (${list(WORDS)})[1 + (g.i / 7) % ${WORDS.length}] end,
        g.at, case when g.direction = 'outbound' then 'read'::message_status end,
        case when g.direction = 'outbound' then g.at + interval '5 seconds' end,
        c.wa_id, case when g.type = 'reaction' then 'wamid.bench.' || greatest(1, g.i - 1) end,
        case when g.origin = 'customer' and g.i % 97 = 0 then '{"source_type":"ad","headline":"Bench ad"}'::jsonb end,
        case when g.type = 'image' then '{"mime_type":"image/jpeg","caption":"photo"}'::jsonb end,
        case when g.category is not null then g.category || '_bench' end, g.category,
        case when g.priced then jsonb_build_object('pricing_model', 'PMP', 'billable', g.meta_type = 'regular',
          'type', g.meta_type, 'category', coalesce(g.category, 'service')) end,
        case when g.priced then coalesce(g.category, 'service') end,
        case when g.priced then g.meta_type end
      from (
        select s.i, s.k, s.at,
          case when s.history then 'history' when s.r < 8 or s.r >= 18 then 'customer'
            when s.r < 12 then 'api' else 'app' end as origin,
          case when s.history then (case when s.r < 10 then 'inbound' else 'outbound' end)
            when s.r < 8 or s.r >= 18 then 'inbound' else 'outbound' end as direction,
          case when s.history then 'text' when s.r in (8, 9) then 'template'
            when s.r = 18 then 'reaction' when s.r = 19 then 'image' else 'text' end as type,
          case when not s.history and s.r = 8 then 'marketing'
            when not s.history and s.r = 9 then 'utility' end as category,
          not s.history and s.r between 8 and 11 and s.i % 5 <> 0 as priced,
          case when s.r = 8 then 'regular' when s.r = 9 and s.i % 3 = 0 then 'regular'
            else 'free_customer_service' end as meta_type
        from (
          select i,
            case when i <= ${bigContact} then 1 else 2 + (i - ${bigContact} - 1) % ${others} end as k,
            to_timestamp(${base.getTime() / 1000} + ((i::bigint * 7919) % ${messages}) * ${stepMs / 1000}) as at,
            to_timestamp(${base.getTime() / 1000} + ((i::bigint * 7919) % ${messages}) * ${stepMs / 1000})
              < to_timestamp(${onboardedAt.getTime() / 1000}) as history,
            i % 20 as r
          from generate_series(${lo}, ${hi}) i
        ) s
      ) g join bench_contacts c on c.k = g.k`);
    log(`[seed] messages ${hi.toLocaleString("en")} / ${messages.toLocaleString("en")}`);
  }
  for (const ix of indexes) await sql.unsafe(ix.indexdef);
  log(`[seed] ${indexes.length} indexes rebuilt`);

  // The inbox orders by live traffic only, as ingestion maintains it.
  await sql.unsafe(`
    update contacts c set last_live_message_at = m.last
    from (select contact_id, max(sent_at) as last from messages
      where channel_id = '${channelId}' and origin <> 'history' group by contact_id) m
    where c.id = m.contact_id`);
  await sql.unsafe("analyze contacts; analyze messages");
  const [big] = await sql`select id from bench_contacts where k = 1`;
  return { partnerId, clientId, channelId, bigContactId: String(big!.id), onboardedAt };
}
