import "server-only";
import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import type { MessageStatus } from "@/db/schema/chats";
import { slices } from "@/db/slices";
import { adoptUnknownSends } from "@/lib/chats/send/adopt";
import type { MessageStatusUpdate, MetaPricing } from "@/lib/meta/webhooks";
import { type MessageDraft, mergeDrafts } from "./extract";
import { addressOf, type CustomerRef, identifierKey } from "./identity/people";
import { resolveContacts } from "./identity/resolve";
import { laterStatus, statusRankSql } from "./status";

/**
 * The set-based writes of ingestion. Every row carries its own channel, so one statement serves
 * a whole batch of events across channels and partners. Each is an upsert on a unique key, so a
 * redelivered or concurrently delivered event changes nothing the second time. Rows are sorted
 * by their key before writing so two transactions lock them in the same order (no deadlock).
 */

/**
 * The channel an event is written to, as ingestion found it (a system job across partners: the
 * partner id comes from the channel row, not from a caller; no tenant `Scope` here).
 */
export type ChannelOfEvent = { partnerId: string; channelId: string };

/** A customer named by a payload, with what it says about them. */
export type ContactSighting = CustomerRef & {
  profileName?: string | null;
  // Live messages only: history never moves a conversation up the inbox.
  liveAt?: Date | null;
};
export type ScopedSighting = ChannelOfEvent & ContactSighting;
export type ScopedDraft = ChannelOfEvent & { draft: MessageDraft };
export type ScopedStatus = ChannelOfEvent & {
  update: MessageStatusUpdate;
  webhookEventId: string;
  /** The event's received_at: the arrival of a stub row the status creates. */
  receivedAt: Date;
};

/** The key of a contact in the maps these functions return: any identifier of the customer. */
export const contactKey = identifierKey;

/**
 * Rows sorted by a string key, each key built once: a comparator that builds both keys on every
 * comparison spent more time concatenating than a history batch's whole sort should take.
 */
function sortedByKey<T>(rows: Iterable<T>, key: (row: T) => string): T[] {
  const keyed = Array.from(rows, (row) => ({ key: key(row), row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.row);
}

/** One channel's contacts (the send path); returns their ids by each identifier. */
export async function upsertContacts(
  db: Executor,
  { partnerId, channelId, sightings }: ChannelOfEvent & { sightings: ContactSighting[] },
): Promise<Map<string, string>> {
  const ids = await resolveContacts(
    db,
    sightings.map((s) => ({ ...s, partnerId, channelId })),
  );
  return new Map([...ids].map(([key, id]) => [key.slice(channelId.length + 1), id]));
}

// In ON CONFLICT DO UPDATE, "messages" is the row in the table and "excluded" the new one.
const TAKE_NEW = `(messages.stub or (messages.origin = 'history' and excluded.origin <> 'history') or (messages.type = 'media_placeholder' and excluded.type <> 'media_placeholder'))`;
// The message arrived with its earliest live sighting (its earliest sighting if none is live);
// a stub made from a status gives way to the message. Whatever order the sightings come in.
const ARRIVAL = `case when messages.stub or (messages.origin = 'history' and excluded.origin <> 'history') then excluded.arrived_at when excluded.origin = 'history' and messages.origin <> 'history' then messages.arrived_at else least(messages.arrived_at, excluded.arrived_at) end`;
const STATUS_FORWARD = `(${statusRankSql("excluded.status")} > ${statusRankSql("messages.status")} or (${statusRankSql("excluded.status")} = ${statusRankSql("messages.status")} and excluded.status_at < messages.status_at))`;

/**
 * Upserts messages by (channel, wamid). The live origin wins over history; real media wins over
 * its placeholder (the follow-up may come before or after it); statuses move forward only; the
 * arrival is the earliest live sighting's (ARRIVAL).
 */
export async function upsertMessageDrafts(
  db: Executor,
  drafts: ScopedDraft[],
  contactIds: Map<string, string>,
): Promise<ChannelWamids[]> {
  if (drafts.length === 0) return [];
  // By channel, then by wamid: no key strings to build per row (a history batch has thousands).
  const byChannel = new Map<string, { partnerId: string; drafts: Map<string, MessageDraft> }>();
  for (const { channelId, partnerId, draft } of drafts) {
    let channel = byChannel.get(channelId);
    if (!channel) {
      channel = { partnerId, drafts: new Map() };
      byChannel.set(channelId, channel);
    }
    const prev = channel.drafts.get(draft.wamid);
    channel.drafts.set(draft.wamid, prev ? mergeDrafts(prev, draft) : draft);
  }
  const written: ChannelWamids[] = [];
  for (const channelId of [...byChannel.keys()].sort()) {
    const { partnerId, drafts: ofChannel } = byChannel.get(channelId)!;
    const rows = [...ofChannel.values()].sort((a, b) =>
      a.wamid < b.wamid ? -1 : a.wamid > b.wamid ? 1 : 0,
    );
    // One statement per slice of one channel's rows, as ONE JSON parameter (json_to_recordset):
    // a history chunk's thousands of messages cost a few statements, not a parameter per column
    // and row, and the channel and partner travel once per statement rather than in every row.
    for (const slice of slices(rows, MESSAGE_SLICE)) {
      const records = slice.map((d) => {
        const contactId = contactIds.get(contactKey(channelId, d.customerWaId));
        if (!contactId) throw new Error(`no contact for a message of channel ${channelId}`);
        // Empty fields are left out (undefined), not sent as null: json_to_recordset reads a
        // missing key as null, and a history row is shorter to build and to parse. Times go as
        // epoch milliseconds: a Date's ISO text took most of JSON.stringify's time.
        return {
          contact_id: contactId,
          wamid: d.wamid,
          origin: d.origin,
          direction: d.direction,
          type: d.type,
          content: d.content,
          text: d.text ?? undefined,
          sent_at: d.sentAt.getTime(),
          arrived_at: d.arrivedAt.getTime(),
          status: d.status ?? undefined,
          status_at: d.statusAt?.getTime(),
          errors: d.errors ?? undefined,
          customer_wa_id: d.customerWaId,
          reply_to_wamid: d.replyToWamid ?? undefined,
          reaction_to_wamid: d.reactionToWamid ?? undefined,
          target_wamid: d.targetWamid ?? undefined,
          referral: d.referral ?? undefined,
          media: d.media ?? undefined,
          template_name: d.templateName ?? undefined,
        };
      });
      await db.execute(sql`
        insert into messages (partner_id, channel_id, ${sql.raw(DRAFT_COLUMNS)}, stub)
        select ${partnerId}::uuid, ${channelId}::uuid, ${sql.raw(DRAFT_VALUES)}, false
        from json_to_recordset(${JSON.stringify(records)}::json) as t(${sql.raw(DRAFT_TYPES)})
        on conflict (channel_id, wamid) where wamid is not null do update set ${sql.raw(DRAFT_UPDATE)}`);
    }
    const touched = new Set(ofChannel.keys());
    for (const draft of rows) if (draft.targetWamid) touched.add(draft.targetWamid);
    written.push({ channelId, wamids: [...touched] });
  }
  // Most batches (a history, live traffic) hold no edit or revoke and no message one waits for:
  // one probe of the (small) target index finds the few that do, and only they are updated.
  await applyEditsAndRevokes(db, await editedTargets(db, written));
  return written;
}

/** A message by channel and wamid. */
export type MessageKey = { channel_id: string; wamid: string };
/** Messages of one channel by wamid: what a batch wrote, and the edit targets it names. */
export type ChannelWamids = { channelId: string; wamids: string[] };

/**
 * After the batch committed, its messages and edit targets are probed again. An edit and its
 * original written by two batches at once do not see each other's uncommitted rows, so neither
 * applies the edit; whichever commits last sees both here and applies it.
 */
export async function applyEditsCommittedMeanwhile(db: Executor, written: ChannelWamids[]) {
  if (written.length === 0) return;
  await applyEditsAndRevokes(db, await editedTargets(db, written));
}

/** Rows per message upsert statement (one JSON parameter each). */
const MESSAGE_SLICE = 2_000;

// The columns of a draft's row besides its channel and partner (one pair per statement): name,
// type in the JSON rows, and the value written when it is not the field as read.
const DRAFT_FIELDS: [string, string, string?][] = [
  ["contact_id", "uuid"],
  ["wamid", "text"],
  ["origin", "message_origin"],
  ["direction", "message_direction"],
  ["type", "text"],
  ["content", "jsonb"],
  ["text", "text"],
  ["sent_at", "float8", "to_timestamp(sent_at / 1000)"],
  ["arrived_at", "float8", "to_timestamp(arrived_at / 1000)"],
  ["status", "message_status"],
  ["status_at", "float8", "to_timestamp(status_at / 1000)"],
  ["errors", "jsonb"],
  ["customer_wa_id", "text"],
  ["reply_to_wamid", "text"],
  ["reaction_to_wamid", "text"],
  ["target_wamid", "text"],
  ["referral", "jsonb"],
  ["media", "jsonb"],
  ["template_name", "text"],
];
const DRAFT_COLUMNS = DRAFT_FIELDS.map(([name]) => name).join(", ");
const DRAFT_VALUES = DRAFT_FIELDS.map(([name, , value]) => value ?? name).join(", ");
const DRAFT_TYPES = DRAFT_FIELDS.map(([name, type]) => `${name} ${type}`).join(", ");
const takeRaw = (column: string) =>
  `${column} = case when ${TAKE_NEW} then excluded.${column} else messages.${column} end`;
const DRAFT_UPDATE = [
  ...[
    "origin",
    "direction",
    "type",
    "content",
    "sent_at",
    "contact_id",
    "customer_wa_id",
    "reply_to_wamid",
    "reaction_to_wamid",
    "target_wamid",
    "referral",
    "media",
  ].map(takeRaw),
  "template_name = coalesce(messages.template_name, excluded.template_name)",
  `arrived_at = ${ARRIVAL}`,
  // An edit already applied keeps its text whatever arrives later.
  `text = case when messages.edited_at is not null then messages.text when ${TAKE_NEW} then excluded.text else messages.text end`,
  "errors = coalesce(messages.errors, excluded.errors)",
  `status = case when ${STATUS_FORWARD} then excluded.status else messages.status end`,
  `status_at = case when ${STATUS_FORWARD} then excluded.status_at else messages.status_at end`,
  "stub = false",
  "updated_at = now()",
].join(", ");

/** Of these messages, those an edit or revoke row points at (in this batch or stored before). */
async function editedTargets(db: Executor, written: ChannelWamids[]): Promise<MessageKey[]> {
  const found: MessageKey[] = [];
  for (const { channelId, wamids } of written) {
    for (const slice of slices(wamids, 20_000)) {
      const rows = rowsOf<{ wamid: string }>(
        await db.execute(sql`
          select distinct x.target_wamid as wamid
          from json_array_elements_text(${JSON.stringify(slice)}::json) as t(wamid)
          join messages x on x.channel_id = ${channelId}::uuid and x.target_wamid = t.wamid
          where x.type in ('edit', 'revoke')`),
      );
      for (const row of rows) found.push({ channel_id: channelId, wamid: row.wamid });
    }
  }
  return found;
}

/**
 * Edits and revokes are stored as their own rows (type edit/revoke, target_wamid) and applied to
 * their target here, whichever arrived first: the latest edit's text wins, the text before the
 * first edit is kept, the earliest revoke counts. One statement each for a whole batch: the
 * (channel, wamid) pairs travel as one JSON parameter.
 */
export async function applyEditsAndRevokes(
  db: Executor,
  targets: { channel_id: string; wamid: string }[],
) {
  for (const slice of slices(targets, 5000)) {
    const pairs = JSON.stringify(slice);
    await db.execute(sql`
      update messages m set
        original_text = coalesce(m.original_text, m.text),
        text = e.text,
        edited_at = e.sent_at,
        updated_at = now()
      from (
        select distinct on (x.channel_id, x.target_wamid) x.channel_id, x.target_wamid, x.text, x.sent_at
        from json_to_recordset(${pairs}::json) as t(channel_id uuid, wamid text)
        join messages x on x.channel_id = t.channel_id and x.target_wamid = t.wamid
        where x.type = 'edit'
        order by x.channel_id, x.target_wamid, x.sent_at desc, x.wamid desc
      ) e
      where m.channel_id = e.channel_id and m.wamid = e.target_wamid and m.stub = false
        and (m.edited_at is null or m.edited_at < e.sent_at)`);
    await db.execute(sql`
      update messages m set revoked_at = r.sent_at, updated_at = now()
      from (
        select x.channel_id, x.target_wamid, min(x.sent_at) as sent_at
        from json_to_recordset(${pairs}::json) as t(channel_id uuid, wamid text)
        join messages x on x.channel_id = t.channel_id and x.target_wamid = t.wamid
        where x.type = 'revoke'
        group by x.channel_id, x.target_wamid
      ) r
      where m.channel_id = r.channel_id and m.wamid = r.target_wamid and m.stub = false
        and (m.revoked_at is null or m.revoked_at > r.sent_at)`);
  }
}

type FoldedStatus = ChannelOfEvent & {
  wamid: string;
  recipientId: string;
  status: MessageStatus;
  at: Date;
  firstAt: Date;
  receivedAt: Date;
  pricing: MetaPricing | null;
  conversation: Record<string, unknown> | null;
  errors: unknown[] | null;
};

/** The contacts a batch of statuses names (their recipients), for resolveContacts. */
export function statusSightings(statuses: ScopedStatus[]): ScopedSighting[] {
  return statuses.map((s) => ({
    partnerId: s.partnerId,
    channelId: s.channelId,
    waId: s.update.recipient_id ?? null,
    userId: s.update.recipient_user_id ?? null,
    parentUserId: s.update.recipient_parent_user_id ?? null,
  }));
}

/** The recipient a status names: the number when given, else the BSUID. */
export const recipientOf = (s: MessageStatusUpdate): string =>
  addressOf({ waId: s.recipient_id, userId: s.recipient_user_id }) ?? "";

/**
 * Statuses: each kept as an event (one per message and status), and folded onto the message,
 * forward only. A status that beats its message creates a stub row the message fills later.
 * The recipients' contacts must already be in `contactIds` (see statusSightings).
 */
export async function applyStatusUpdates(
  db: Executor,
  statuses: ScopedStatus[],
  contactIds: Map<string, string>,
) {
  if (statuses.length === 0) return;
  // Sends whose outcome was unknown (a timeout) get their wamid first, so these statuses land on
  // the send's own row rather than a stub (lib/chats/send/adopt.ts).
  await adoptUnknownSends(
    db,
    statuses.map(({ channelId, update: s }) => ({
      channelId,
      wamid: s.id,
      recipientId: recipientOf(s),
      recipientUserId: s.recipient_user_id ?? null,
      callbackData: s.biz_opaque_callback_data,
      status: s.status,
      at: new Date(s.timestamp * 1000),
    })),
  );
  const events = new Map<string, ScopedStatus>();
  const folded = new Map<string, FoldedStatus>();
  for (const row of statuses) {
    const s = row.update;
    const at = new Date(s.timestamp * 1000);
    const eventKey = `${row.channelId}|${s.id}|${s.status}`;
    const prevEvent = events.get(eventKey);
    if (!prevEvent || prevEvent.update.timestamp > s.timestamp) events.set(eventKey, row);
    const foldKey = `${row.channelId}|${s.id}`;
    const prev = folded.get(foldKey);
    const next = laterStatus(
      { status: prev?.status ?? null, at: prev?.at ?? null },
      { status: s.status, at },
    );
    folded.set(foldKey, {
      partnerId: row.partnerId,
      channelId: row.channelId,
      wamid: s.id,
      recipientId: recipientOf(s),
      status: next.status as MessageStatus,
      at: next.at as Date,
      firstAt: prev && prev.firstAt < at ? prev.firstAt : at,
      receivedAt: prev && prev.receivedAt < row.receivedAt ? prev.receivedAt : row.receivedAt,
      pricing: prev?.pricing ?? s.pricing ?? null,
      conversation: prev?.conversation ?? (s.conversation as Record<string, unknown>) ?? null,
      errors: prev?.errors ?? s.errors ?? null,
    });
  }

  // Both statements take their rows as ONE JSON parameter (json_to_recordset), as messages do:
  // a batch's hundreds of statuses cost two statements, not a parameter per column and row;
  // times as epoch numbers, as messages send them.
  const eventRows = sortedByKey(
    events.values(),
    (r) => `${r.channelId}|${r.update.id}|${r.update.status}`,
  ).map(({ partnerId, channelId, update: s, webhookEventId }) => ({
    partner_id: partnerId,
    channel_id: channelId,
    wamid: s.id,
    status: s.status,
    occurred_at: s.timestamp,
    recipient_id: recipientOf(s),
    pricing: s.pricing ?? null,
    conversation: s.conversation ?? null,
    errors: s.errors ?? null,
    webhook_event_id: webhookEventId,
  }));
  for (const slice of slices(eventRows, STATUS_SLICE)) {
    // The same status reported twice: keep its earliest time, so order does not matter.
    await db.execute(sql`
      insert into message_status_events (partner_id, channel_id, wamid, status, occurred_at,
        recipient_id, pricing, conversation, errors, webhook_event_id)
      select partner_id, channel_id, wamid, status, to_timestamp(occurred_at), recipient_id,
        pricing, conversation, errors, webhook_event_id
      from json_to_recordset(${JSON.stringify(slice)}::json) as t(partner_id uuid,
        channel_id uuid, wamid text, status message_status, occurred_at float8,
        recipient_id text, pricing jsonb, conversation jsonb, errors jsonb, webhook_event_id uuid)
      on conflict (channel_id, wamid, status) do update set
        occurred_at = least(message_status_events.occurred_at, excluded.occurred_at),
        pricing = coalesce(message_status_events.pricing, excluded.pricing)`);
  }

  const rows = sortedByKey(folded.values(), (r) => `${r.channelId}|${r.wamid}`).map((s) => {
    const contactId = contactIds.get(contactKey(s.channelId, s.recipientId));
    if (!contactId) throw new Error(`no contact for a status of channel ${s.channelId}`);
    return {
      partner_id: s.partnerId,
      channel_id: s.channelId,
      contact_id: contactId,
      wamid: s.wamid,
      sent_at: s.firstAt.getTime(),
      arrived_at: s.receivedAt.getTime(),
      status: s.status,
      status_at: s.at.getTime(),
      errors: s.errors,
      customer_wa_id: s.recipientId,
      pricing: s.pricing,
      pricing_category: s.pricing?.category ?? null,
      pricing_type: s.pricing?.type ?? null,
      conversation: s.conversation,
    };
  });
  for (const slice of slices(rows, STATUS_SLICE)) {
    // Statuses come for what the business sent (origin api until the message itself corrects
    // it); a status that beats its message makes a stub row the message fills later.
    await db.execute(sql`
      insert into messages (partner_id, channel_id, contact_id, wamid, origin, direction, type,
        sent_at, arrived_at, status, status_at, errors, customer_wa_id, pricing,
        pricing_category, pricing_type, conversation, stub)
      select partner_id, channel_id, contact_id, wamid, 'api', 'outbound', 'unknown',
        to_timestamp(sent_at / 1000), to_timestamp(arrived_at / 1000), status,
        to_timestamp(status_at / 1000), errors, customer_wa_id, pricing, pricing_category,
        pricing_type, conversation, true
      from json_to_recordset(${JSON.stringify(slice)}::json) as t(partner_id uuid,
        channel_id uuid, contact_id uuid, wamid text, sent_at float8, arrived_at float8,
        status message_status, status_at float8, errors jsonb, customer_wa_id text,
        pricing jsonb, pricing_category text, pricing_type text, conversation jsonb)
      on conflict (channel_id, wamid) where wamid is not null do update set
        status = case when ${sql.raw(STATUS_FORWARD)} then excluded.status else messages.status end,
        status_at = case when ${sql.raw(STATUS_FORWARD)} then excluded.status_at else messages.status_at end,
        sent_at = case when messages.stub then least(messages.sent_at, excluded.sent_at) else messages.sent_at end,
        arrived_at = case when messages.stub then least(messages.arrived_at, excluded.arrived_at) else messages.arrived_at end,
        errors = coalesce(messages.errors, excluded.errors),
        pricing = coalesce(messages.pricing, excluded.pricing),
        pricing_category = coalesce(messages.pricing_category, excluded.pricing_category),
        pricing_type = coalesce(messages.pricing_type, excluded.pricing_type),
        conversation = coalesce(messages.conversation, excluded.conversation),
        updated_at = now()`);
  }
}

/** Rows per status statement (one JSON parameter each). */
const STATUS_SLICE = 2_000;
