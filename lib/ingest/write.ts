import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { contacts, messageStatusEvents, messages } from "@/db/schema";
import type { MessageStatus } from "@/db/schema/chats";
import { adoptUnknownSends } from "@/lib/chats/send/adopt";
import type { MessageStatusUpdate, MetaPricing } from "@/lib/meta/webhooks";
import { type Executor, slices } from "./db";
import { type MessageDraft, mergeDrafts } from "./extract";
import { laterStatus, statusRankSql } from "./status";

/**
 * The set-based writes every handler shares. Each is an upsert on a unique key, so a redelivered
 * or concurrently delivered event changes nothing the second time. Rows are sorted by their key
 * before writing so two transactions lock them in the same order (no deadlock).
 */

type Scope = { partnerId: string; channelId: string };

export type ContactSighting = {
  waId: string;
  profileName?: string | null;
  // Live messages only: history never moves a conversation up the inbox.
  liveAt?: Date | null;
};

/** Upserts the contacts seen in a change; returns their ids by wa_id. */
export async function upsertContacts(
  db: Executor,
  { partnerId, channelId, sightings }: Scope & { sightings: ContactSighting[] },
): Promise<Map<string, string>> {
  const merged = new Map<string, ContactSighting>();
  for (const s of sightings) {
    if (!s.waId) continue;
    const prev = merged.get(s.waId);
    merged.set(s.waId, {
      waId: s.waId,
      profileName: s.profileName ?? prev?.profileName ?? null,
      liveAt:
        prev?.liveAt && s.liveAt
          ? new Date(Math.max(prev.liveAt.getTime(), s.liveAt.getTime()))
          : (s.liveAt ?? prev?.liveAt ?? null),
    });
  }
  const ids = new Map<string, string>();
  const rows = [...merged.values()].sort((a, b) => a.waId.localeCompare(b.waId));
  for (const slice of slices(rows)) {
    const returned = await db
      .insert(contacts)
      .values(
        slice.map((s) => ({
          partnerId,
          channelId,
          waId: s.waId,
          profileName: s.profileName ?? null,
          lastLiveMessageAt: s.liveAt ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [contacts.channelId, contacts.waId],
        set: {
          profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
          lastLiveMessageAt: sql`greatest(${contacts.lastLiveMessageAt}, excluded.last_live_message_at)`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: contacts.id, waId: contacts.waId });
    for (const row of returned) ids.set(row.waId, row.id);
  }
  return ids;
}

// In ON CONFLICT DO UPDATE, "messages" is the row in the table and "excluded" the new one.
const TAKE_NEW = `(messages.stub or (messages.origin = 'history' and excluded.origin <> 'history') or (messages.type = 'media_placeholder' and excluded.type <> 'media_placeholder'))`;
const STATUS_FORWARD = `(${statusRankSql("excluded.status")} > ${statusRankSql("messages.status")} or (${statusRankSql("excluded.status")} = ${statusRankSql("messages.status")} and excluded.status_at < messages.status_at))`;
const take = (column: string) =>
  sql.raw(`case when ${TAKE_NEW} then excluded.${column} else messages.${column} end`);

/**
 * Upserts messages by (channel, wamid). The live origin wins over history; real media wins over
 * its placeholder (the follow-up may come before or after it); statuses move forward only.
 */
export async function upsertMessages(
  db: Executor,
  {
    partnerId,
    channelId,
    drafts,
    contactIds,
  }: Scope & { drafts: MessageDraft[]; contactIds: Map<string, string> },
): Promise<void> {
  if (drafts.length === 0) return;
  const byWamid = new Map<string, MessageDraft>();
  for (const draft of drafts) {
    const prev = byWamid.get(draft.wamid);
    byWamid.set(draft.wamid, prev ? mergeDrafts(prev, draft) : draft);
  }
  const rows = [...byWamid.values()].sort((a, b) => a.wamid.localeCompare(b.wamid));
  for (const slice of slices(rows, 400)) {
    await db
      .insert(messages)
      .values(
        slice.map((d) => {
          const contactId = contactIds.get(d.customerWaId);
          if (!contactId) throw new Error(`no contact for ${d.customerWaId}`);
          return {
            partnerId,
            channelId,
            contactId,
            wamid: d.wamid,
            origin: d.origin,
            direction: d.direction,
            type: d.type,
            content: d.content,
            text: d.text,
            sentAt: d.sentAt,
            status: d.status,
            statusAt: d.statusAt,
            errors: d.errors,
            customerWaId: d.customerWaId,
            replyToWamid: d.replyToWamid,
            reactionToWamid: d.reactionToWamid,
            targetWamid: d.targetWamid,
            referral: d.referral,
            media: d.media,
            templateName: d.templateName,
            stub: false,
          };
        }),
      )
      .onConflictDoUpdate({
        target: [messages.channelId, messages.wamid],
        targetWhere: sql`wamid is not null`,
        set: {
          origin: take("origin"),
          direction: take("direction"),
          type: take("type"),
          content: take("content"),
          sentAt: take("sent_at"),
          contactId: take("contact_id"),
          customerWaId: take("customer_wa_id"),
          replyToWamid: take("reply_to_wamid"),
          reactionToWamid: take("reaction_to_wamid"),
          targetWamid: take("target_wamid"),
          referral: take("referral"),
          media: take("media"),
          templateName: sql.raw("coalesce(messages.template_name, excluded.template_name)"),
          // An edit already applied keeps its text whatever arrives later.
          text: sql.raw(
            `case when messages.edited_at is not null then messages.text when ${TAKE_NEW} then excluded.text else messages.text end`,
          ),
          errors: sql.raw("coalesce(messages.errors, excluded.errors)"),
          status: sql.raw(
            `case when ${STATUS_FORWARD} then excluded.status else messages.status end`,
          ),
          statusAt: sql.raw(
            `case when ${STATUS_FORWARD} then excluded.status_at else messages.status_at end`,
          ),
          stub: sql.raw("false"),
          updatedAt: sql`now()`,
        },
      });
  }
  const touched = new Set<string>();
  for (const row of rows) {
    touched.add(row.wamid);
    if (row.targetWamid) touched.add(row.targetWamid);
  }
  await applyEditsAndRevokes(db, { channelId, wamids: [...touched] });
}

function inList(values: string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/**
 * Edits and revokes are stored as their own rows (type edit/revoke, target_wamid) and applied to
 * their target here, whichever arrived first: the latest edit's text wins, the text before the
 * first edit is kept, the earliest revoke counts.
 */
export async function applyEditsAndRevokes(
  db: Executor,
  { channelId, wamids }: { channelId: string; wamids: string[] },
) {
  for (const slice of slices(wamids, 1000)) {
    await db.execute(sql`
      update messages m set
        original_text = coalesce(m.original_text, m.text),
        text = e.text,
        edited_at = e.sent_at,
        updated_at = now()
      from (
        select distinct on (target_wamid) target_wamid, text, sent_at
        from messages
        where channel_id = ${channelId} and type = 'edit' and target_wamid in (${inList(slice)})
        order by target_wamid, sent_at desc, wamid desc
      ) e
      where m.channel_id = ${channelId} and m.wamid = e.target_wamid and m.stub = false
        and (m.edited_at is null or m.edited_at < e.sent_at)`);
    await db.execute(sql`
      update messages m set revoked_at = r.sent_at, updated_at = now()
      from (
        select target_wamid, min(sent_at) as sent_at
        from messages
        where channel_id = ${channelId} and type = 'revoke' and target_wamid in (${inList(slice)})
        group by target_wamid
      ) r
      where m.channel_id = ${channelId} and m.wamid = r.target_wamid and m.stub = false
        and (m.revoked_at is null or m.revoked_at > r.sent_at)`);
  }
}

type FoldedStatus = {
  wamid: string;
  recipientId: string;
  status: MessageStatus;
  at: Date;
  firstAt: Date;
  pricing: MetaPricing | null;
  conversation: Record<string, unknown> | null;
  errors: unknown[] | null;
};

/**
 * Statuses: each kept as an event (one per message and status), and folded onto the message,
 * forward only. A status that beats its message creates a stub row the message fills later.
 */
export async function applyStatuses(
  db: Executor,
  {
    partnerId,
    channelId,
    statuses,
    webhookEventId,
  }: Scope & { statuses: MessageStatusUpdate[]; webhookEventId: string },
) {
  if (statuses.length === 0) return;
  // Sends whose outcome was unknown (a timeout) get their wamid first, so these statuses land on
  // the send's own row rather than a stub (lib/chats/send/adopt.ts).
  await adoptUnknownSends(
    db,
    statuses.map((s) => ({
      channelId,
      wamid: s.id,
      recipientId: s.recipient_id,
      callbackData: s.biz_opaque_callback_data,
      status: s.status,
      at: new Date(s.timestamp * 1000),
    })),
  );
  const contactIds = await upsertContacts(db, {
    partnerId,
    channelId,
    sightings: statuses.map((s) => ({ waId: s.recipient_id })),
  });

  const events = new Map<string, MessageStatusUpdate>();
  const folded = new Map<string, FoldedStatus>();
  for (const s of statuses) {
    const at = new Date(s.timestamp * 1000);
    const eventKey = `${s.id}|${s.status}`;
    const prevEvent = events.get(eventKey);
    if (!prevEvent || prevEvent.timestamp > s.timestamp) events.set(eventKey, s);
    const prev = folded.get(s.id);
    const next = laterStatus(
      { status: prev?.status ?? null, at: prev?.at ?? null },
      { status: s.status, at },
    );
    folded.set(s.id, {
      wamid: s.id,
      recipientId: s.recipient_id,
      status: next.status as MessageStatus,
      at: next.at as Date,
      firstAt: prev && prev.firstAt < at ? prev.firstAt : at,
      pricing: prev?.pricing ?? s.pricing ?? null,
      conversation: prev?.conversation ?? (s.conversation as Record<string, unknown>) ?? null,
      errors: prev?.errors ?? s.errors ?? null,
    });
  }

  const eventRows = [...events.values()].sort((a, b) =>
    `${a.id}|${a.status}`.localeCompare(`${b.id}|${b.status}`),
  );
  for (const slice of slices(eventRows)) {
    await db
      .insert(messageStatusEvents)
      .values(
        slice.map((s) => ({
          partnerId,
          channelId,
          wamid: s.id,
          status: s.status,
          occurredAt: new Date(s.timestamp * 1000),
          recipientId: s.recipient_id,
          pricing: s.pricing ?? null,
          conversation: (s.conversation as Record<string, unknown>) ?? null,
          errors: s.errors ?? null,
          webhookEventId,
        })),
      )
      .onConflictDoUpdate({
        target: [
          messageStatusEvents.channelId,
          messageStatusEvents.wamid,
          messageStatusEvents.status,
        ],
        // The same status reported twice: keep its earliest time, so order does not matter.
        set: {
          occurredAt: sql`least(${messageStatusEvents.occurredAt}, excluded.occurred_at)`,
          pricing: sql`coalesce(${messageStatusEvents.pricing}, excluded.pricing)`,
        },
      });
  }

  const rows = [...folded.values()].sort((a, b) => a.wamid.localeCompare(b.wamid));
  for (const slice of slices(rows, 400)) {
    await db
      .insert(messages)
      .values(
        slice.map((s) => ({
          partnerId,
          channelId,
          contactId: contactIds.get(s.recipientId) as string,
          wamid: s.wamid,
          // Statuses come for what the business sent; the message itself will correct this.
          origin: "api" as const,
          direction: "outbound" as const,
          type: "unknown",
          sentAt: s.firstAt,
          status: s.status,
          statusAt: s.at,
          errors: s.errors,
          customerWaId: s.recipientId,
          pricing: s.pricing,
          pricingCategory: s.pricing?.category ?? null,
          pricingType: s.pricing?.type ?? null,
          conversation: s.conversation,
          stub: true,
        })),
      )
      .onConflictDoUpdate({
        target: [messages.channelId, messages.wamid],
        targetWhere: sql`wamid is not null`,
        set: {
          status: sql.raw(
            `case when ${STATUS_FORWARD} then excluded.status else messages.status end`,
          ),
          statusAt: sql.raw(
            `case when ${STATUS_FORWARD} then excluded.status_at else messages.status_at end`,
          ),
          sentAt: sql.raw(
            "case when messages.stub then least(messages.sent_at, excluded.sent_at) else messages.sent_at end",
          ),
          errors: sql.raw("coalesce(messages.errors, excluded.errors)"),
          pricing: sql.raw("coalesce(messages.pricing, excluded.pricing)"),
          pricingCategory: sql.raw(
            "coalesce(messages.pricing_category, excluded.pricing_category)",
          ),
          pricingType: sql.raw("coalesce(messages.pricing_type, excluded.pricing_type)"),
          conversation: sql.raw("coalesce(messages.conversation, excluded.conversation)"),
          updatedAt: sql`now()`,
        },
      });
  }
}
