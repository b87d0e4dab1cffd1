import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type { MessageMedia, MessageOrigin, MessageStatus } from "@/db/schema/chats";
import type { Scope } from "@/lib/auth/scope";
import { ATTACHED_TYPES, contactNameSql, windowView } from "./conversations";
import { decodeCursor, encodeCursor, iso, keysetCondition, toDate } from "./rows";
import type { ConversationHeader, QuotedMessage, TimelineMessage, TimelinePage } from "./types";
import { NON_OPENING_TYPES, serviceWindowBands, type WindowCandidate } from "./window";

export const TIMELINE_PAGE = 50;
const HOUR = 3600_000;
const attachedList = sql.raw(ATTACHED_TYPES.map((t) => `'${t}'`).join(", "));
const nonOpeningList = sql.raw(NON_OPENING_TYPES.map((t) => `'${t}'`).join(", "));

type Conversation = { channelId: string; contactId: string };

type HeaderRow = {
  contact_id: string;
  channel_id: string;
  channel_number: string;
  channel_name: string | null;
  onboarded_at: unknown;
  wa_id: string | null;
  user_id: string | null;
  username: string | null;
  name: string;
  profile_name: string | null;
  app_name: string | null;
  last_opener_at: unknown;
  last_inbound_at: unknown;
};

/** The conversation's header: who, which channel, the window now. Null for a foreign id. */
export async function getConversation(
  { partnerId, clientId }: Scope,
  { channelId, contactId, now = new Date() }: Conversation & { now?: Date },
): Promise<ConversationHeader | null> {
  const result = await getDb().execute(sql`
    select c.id as contact_id, c.channel_id, ch.display_phone_number as channel_number,
      ch.verified_name as channel_name, ch.onboarded_at, c.wa_id, c.user_id, c.username,
      ${contactNameSql("c")} as name,
      c.profile_name, c.app_name,
      -- Latest first on the timeline index, stopping at the first match (max() reads them all).
      (select m.sent_at from messages m
        where m.channel_id = c.channel_id and m.contact_id = c.id and m.origin = 'customer'
          and m.type not in (${nonOpeningList})
          and (ch.onboarded_at is null or m.sent_at >= ch.onboarded_at)
        order by m.sent_at desc limit 1) as last_opener_at,
      (select m.sent_at from messages m
        where m.channel_id = c.channel_id and m.contact_id = c.id and m.direction = 'inbound'
          and m.stub = false and m.type not in (${attachedList})
        order by m.sent_at desc limit 1) as last_inbound_at
    from contacts c
    join channels ch on ch.id = c.channel_id and ch.partner_id = ${partnerId}
    where c.partner_id = ${partnerId} and c.channel_id = ${channelId} and c.id = ${contactId}
      ${clientId ? sql`and ch.client_id = ${clientId}` : sql``}
  `);
  const [r] = rowsOf<HeaderRow>(result);
  if (!r) return null;
  const onboardedAt = toDate(r.onboarded_at);
  const lastOpener = toDate(r.last_opener_at);
  const lastInbound = toDate(r.last_inbound_at);
  const before =
    onboardedAt && !lastOpener && lastInbound && lastInbound < onboardedAt ? lastInbound : null;
  return {
    contactId: r.contact_id,
    channelId: r.channel_id,
    channelNumber: r.channel_number,
    channelName: r.channel_name,
    waId: r.wa_id,
    userId: r.user_id,
    username: r.username,
    name: r.name,
    profileName: r.profile_name,
    appName: r.app_name,
    onboardedAt: onboardedAt?.toISOString() ?? null,
    window: windowView(lastOpener, now),
    lastCustomerBeforeOnboarding: before?.toISOString() ?? null,
  };
}

type MessageRow = {
  id: string;
  // bigint: the driver may hand it over as a string.
  seq: string | number;
  wamid: string | null;
  origin: MessageOrigin;
  direction: "inbound" | "outbound";
  type: string;
  content: Record<string, unknown> | null;
  text: string | null;
  original_text: string | null;
  edited_at: unknown;
  revoked_at: unknown;
  sent_at: unknown;
  epoch: string;
  arrival: string;
  status: MessageStatus | null;
  status_at: unknown;
  errors: unknown[] | null;
  reply_to_wamid: string | null;
  referral: Record<string, unknown> | null;
  media: MessageMedia | null;
};

/**
 * One page of the timeline of a conversation, oldest first, older than `before` (keyset on
 * (sent_at, arrived_at, seq) within (channel, contact): messages of one second in the order the
 * hub received them). Reactions, edits and revokes are attached to their message; a reply
 * carries the message it quotes. Empty for a foreign conversation.
 */
export async function listTimeline(
  { partnerId, clientId }: Scope,
  {
    channelId,
    contactId,
    before = null,
    limit = TIMELINE_PAGE,
    canSeeDeleted = false,
    now = new Date(),
  }: Conversation & {
    before?: string | null;
    limit?: number;
    /** Admins (owners) may read what a deleted message said. */
    canSeeDeleted?: boolean;
    now?: Date;
  },
): Promise<TimelinePage | null> {
  const db = getDb();
  const owner = rowsOf<{ onboarded_at: unknown }>(
    await db.execute(sql`
      select ch.onboarded_at from contacts c join channels ch on ch.id = c.channel_id
      where c.id = ${contactId} and c.channel_id = ${channelId} and c.partner_id = ${partnerId}
        and ch.partner_id = ${partnerId} ${clientId ? sql`and ch.client_id = ${clientId}` : sql``}`),
  );
  if (owner.length === 0) return null;
  const onboardedAt = toDate(owner[0]!.onboarded_at);

  const keyset: SQL[] = [];
  if (before) {
    const c = decodeCursor(before);
    if (!c) return { messages: [], olderCursor: null };
    keyset.push(keysetCondition("<", c, { partnerId, channelId, contactId }));
  }
  const rows = rowsOf<MessageRow>(
    await db.execute(sql`
      select m.id, m.wamid, m.origin, m.direction, m.type, m.content, m.text, m.original_text,
        m.edited_at, m.revoked_at, m.sent_at, extract(epoch from m.sent_at)::text as epoch,
        extract(epoch from m.arrived_at)::text as arrival, m.seq, m.status, m.status_at,
        m.errors, m.reply_to_wamid, m.referral, m.media
      from messages m
      where m.partner_id = ${partnerId} and m.channel_id = ${channelId} and m.contact_id = ${contactId}
        and m.stub = false and m.type not in (${attachedList}) ${sql.join(keyset)}
      order by m.sent_at desc, m.arrived_at desc, m.seq desc
      limit ${limit + 1}`),
  );
  const hasOlder = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  if (page.length === 0) return { messages: [], olderCursor: null };

  const wamids = page.map((m) => m.wamid).filter((w): w is string => w !== null);
  const quotedIds = [...new Set(page.map((m) => m.reply_to_wamid).filter((w): w is string => !!w))];
  const [reactions, quoted, openers] = await Promise.all([
    wamids.length === 0
      ? []
      : rowsOf<{ target: string; direction: string; content: Record<string, unknown> | null }>(
          await db.execute(sql`
            select m.reaction_to_wamid as target, m.direction, m.content
            from messages m
            where m.channel_id = ${channelId} and m.contact_id = ${contactId}
              and m.type = 'reaction' and m.reaction_to_wamid in (${sql.join(
                wamids.map((w) => sql`${w}`),
                sql`, `,
              )})
            order by m.sent_at, m.arrived_at, m.seq`),
        ),
    quotedIds.length === 0
      ? []
      : rowsOf<{
          wamid: string;
          origin: MessageOrigin;
          type: string;
          text: string | null;
          revoked_at: unknown;
        }>(
          await db.execute(sql`
            select m.wamid, m.origin, m.type, m.text, m.revoked_at from messages m
            where m.channel_id = ${channelId} and m.stub = false
              and m.wamid in (${sql.join(
                quotedIds.map((w) => sql`${w}`),
                sql`, `,
              )})`),
        ),
    // Customer messages from 24 h before the page to its end decide which page message opened
    // a window, and until when.
    rowsOf<{ id: string; origin: string; type: string; sent_at: unknown }>(
      await db.execute(sql`
        select m.id, m.origin, m.type, m.sent_at from messages m
        where m.channel_id = ${channelId} and m.contact_id = ${contactId} and m.origin = 'customer'
          and m.type not in (${nonOpeningList})
          and m.sent_at >= ${new Date(toDate(page[0]!.sent_at)!.getTime() - 24 * HOUR).toISOString()}::timestamptz
          ${hasOlder || before ? keysetCondition("<=", cursorOf(page.at(-1)!), { partnerId, channelId, contactId }) : sql``}
        order by m.sent_at, m.arrived_at, m.seq`),
    ),
  ]);

  // The latest reaction of each side wins; an empty emoji removes it.
  const reactionsByTarget = new Map<string, Map<string, string>>();
  for (const r of reactions) {
    const emoji = String((r.content?.reaction as { emoji?: string } | undefined)?.emoji ?? "");
    const sides = reactionsByTarget.get(r.target) ?? new Map<string, string>();
    sides.set(r.direction === "inbound" ? "customer" : "business", emoji);
    reactionsByTarget.set(r.target, sides);
  }
  const quotedByWamid = new Map(quoted.map((q) => [q.wamid, q]));
  const candidates: WindowCandidate[] = openers.map((o) => ({
    id: o.id,
    origin: o.origin,
    type: o.type,
    sentAt: toDate(o.sent_at)!,
  }));
  const bands = serviceWindowBands(candidates, onboardedAt);
  const openedBy = new Map(bands.map((b) => [b.openedById, b]));

  const messages = page.map((m, i): TimelineMessage => {
    const revoked = m.revoked_at !== null;
    const edited = m.edited_at !== null;
    const content = m.content ?? {};
    const q = m.reply_to_wamid ? quotedByWamid.get(m.reply_to_wamid) : undefined;
    const band = openedBy.get(m.id);
    const sentAt = toDate(m.sent_at)!;
    const next = page[i + 1] ? toDate(page[i + 1]!.sent_at)! : now;
    const closing = bands.find(
      (b) => b.closesAt > sentAt && b.closesAt <= next && b.openedAt <= sentAt,
    );
    const replyTo: QuotedMessage | null = m.reply_to_wamid
      ? {
          wamid: m.reply_to_wamid,
          found: q !== undefined,
          origin: q?.origin ?? null,
          type: q?.type ?? null,
          text: q && q.revoked_at === null ? q.text : null,
          revoked: q ? q.revoked_at !== null : false,
        }
      : null;
    return {
      id: m.id,
      wamid: m.wamid,
      origin: m.origin,
      direction: m.direction,
      type: m.type,
      text: revoked && !canSeeDeleted ? null : m.text,
      edited,
      editedAt: iso(m.edited_at),
      originalText: revoked ? (canSeeDeleted ? m.text : null) : edited ? m.original_text : null,
      revoked,
      revokedAt: iso(m.revoked_at),
      sentAt: sentAt.toISOString(),
      status: m.status,
      statusAt: iso(m.status_at),
      failureReason: m.status === "failed" ? failureReason(m.errors) : null,
      replyTo,
      reactions: [...(m.wamid ? (reactionsByTarget.get(m.wamid) ?? []) : [])]
        .filter(([, emoji]) => emoji !== "")
        .map(([from, emoji]) => ({ emoji, from: from as "customer" | "business" })),
      media: timelineMedia(channelId, m, revoked && !canSeeDeleted),
      location: locationOf(content),
      sharedContacts: contactsOf(content),
      interactiveReply: interactiveOf(m.type, content),
      referral: referralOf(m.referral),
      windowOpened: band ? { closesAt: band.closesAt.toISOString() } : null,
      windowClosedAfter: closing ? closing.closesAt.toISOString() : null,
      cursor: encodeCursor(m.epoch, m.arrival, m.seq),
    };
  });
  return { messages, olderCursor: hasOlder ? messages[0]!.cursor : null };
}

const cursorOf = (m: MessageRow) => ({ epoch: m.epoch, arrival: m.arrival, seq: String(m.seq) });

export function failureReason(errors: unknown[] | null): string {
  const e = (errors?.[0] ?? {}) as {
    code?: number;
    title?: string;
    message?: string;
    error_data?: { details?: string };
  };
  const text = e.error_data?.details ?? e.message ?? e.title ?? "Meta gave no reason.";
  return e.code ? `${e.code}: ${text}` : text;
}

const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker", "media_placeholder"];

export function mediaOf(
  m: Pick<MessageRow, "type" | "media">,
  hide: boolean,
): Omit<NonNullable<TimelineMessage["media"]>, "url"> | null {
  if (!MEDIA_TYPES.includes(m.type) && !m.media) return null;
  return {
    kind: m.type === "media_placeholder" ? "media" : m.type,
    caption: hide ? null : (m.media?.caption ?? null),
    mimeType: m.media?.mime_type ?? null,
    filename: m.media?.filename ?? null,
  };
}

/** The media summary plus where the browser fetches it (see lib/chats/media/serve.ts). */
function timelineMedia(
  channelId: string,
  m: Pick<MessageRow, "id" | "type" | "media">,
  hide: boolean,
): TimelineMessage["media"] {
  const media = mediaOf(m, hide);
  if (!media) return null;
  const fetchable = !hide && m.type !== "media_placeholder" && Boolean(m.media?.id);
  return {
    ...media,
    url: fetchable ? `/api/hub/channels/${channelId}/messages/${m.id}/media` : null,
  };
}

function locationOf(content: Record<string, unknown>): TimelineMessage["location"] {
  const l = content.location as
    | { latitude?: number; longitude?: number; name?: string; address?: string }
    | undefined;
  if (!l || typeof l.latitude !== "number" || typeof l.longitude !== "number") return null;
  return {
    latitude: l.latitude,
    longitude: l.longitude,
    name: l.name ?? null,
    address: l.address ?? null,
  };
}

function contactsOf(content: Record<string, unknown>): TimelineMessage["sharedContacts"] {
  const list = content.contacts as
    | { name?: { formatted_name?: string }; phones?: { phone?: string; wa_id?: string }[] }[]
    | undefined;
  if (!Array.isArray(list)) return null;
  return list.map((c) => ({
    name: c.name?.formatted_name ?? "Contact",
    phones: (c.phones ?? []).map((p) => p.phone ?? p.wa_id ?? "").filter(Boolean),
  }));
}

function interactiveOf(
  type: string,
  content: Record<string, unknown>,
): TimelineMessage["interactiveReply"] {
  if (type === "button") {
    const b = content.button as { text?: string; payload?: string } | undefined;
    return b ? { title: b.text ?? "", id: b.payload ?? null, description: null } : null;
  }
  if (type !== "interactive") return null;
  const i = content.interactive as
    | Record<string, { id?: string; title?: string; description?: string } | string | undefined>
    | undefined;
  const reply = (i?.button_reply ?? i?.list_reply) as
    | { id?: string; title?: string; description?: string }
    | undefined;
  if (!reply) return null;
  return { title: reply.title ?? "", id: reply.id ?? null, description: reply.description ?? null };
}

function referralOf(r: Record<string, unknown> | null): TimelineMessage["referral"] {
  if (!r) return null;
  const s = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : null);
  return {
    headline: s("headline"),
    body: s("body"),
    sourceUrl: s("source_url"),
    sourceType: s("source_type"),
  };
}
