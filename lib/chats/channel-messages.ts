import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type {
  MessageDirection,
  MessageMedia,
  MessageOrigin,
  MessageStatus,
} from "@/db/schema/chats";
import type { Scope } from "@/lib/auth/scope";
import { isUuid } from "@/lib/ids";
import { isBsuid } from "@/lib/meta/bsuid";
import { ATTACHED_TYPES } from "./conversations";
import {
  type Conversation,
  decodeCursor,
  encodeCursor,
  iso,
  keysetCondition,
  toDate,
} from "./rows";
import { failureReason, mediaOf } from "./timeline";

/**
 * One conversation's messages for software (the Partner API): keyset pages on
 * (sent_at, arrived_at, seq) in either direction, with filters, and each message's stored price
 * when the costs job has one.
 * The console's timeline (timeline.ts) adds what a reader needs (windows, quotes, reactions).
 */

const attachedList = sql.raw(ATTACHED_TYPES.map((t) => `'${t}'`).join(", "));

export type ChannelMessage = {
  id: string;
  wamid: string | null;
  cursor: string;
  origin: MessageOrigin;
  direction: MessageDirection;
  type: string;
  status: MessageStatus | null;
  statusAt: string | null;
  failureReason: string | null;
  /** Null for a deleted message: software gets what the customer sees. */
  text: string | null;
  edited: boolean;
  editedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
  media: {
    kind: string;
    caption: string | null;
    mimeType: string | null;
    filename: string | null;
  } | null;
  replyToWamid: string | null;
  referral: Record<string, unknown> | null;
  template: { name: string; category: string | null } | null;
  /** The conversation's customer as the hub knows them now (number, BSUID, username). */
  customer: { waId: string | null; userId: string | null; username: string | null };
  sentAt: string;
  /** The API's received_at: when the hub got it (see messages.arrivedAt), not the row's insert. */
  arrivedAt: string;
  cost: {
    charged: boolean;
    category: string;
    amountMicros: number | null;
    currency: string | null;
    reason: string;
    freeBecause: string | null;
  } | null;
};

export type ChannelMessageFilters = {
  origin?: MessageOrigin;
  direction?: MessageDirection;
  type?: string;
  status?: MessageStatus;
};

type Row = {
  id: string;
  // bigint: the driver may hand it over as a string.
  seq: string | number;
  wamid: string | null;
  epoch: string;
  arrival: string;
  origin: MessageOrigin;
  direction: MessageDirection;
  type: string;
  status: MessageStatus | null;
  status_at: unknown;
  errors: unknown[] | null;
  text: string | null;
  edited_at: unknown;
  revoked_at: unknown;
  media: MessageMedia | null;
  reply_to_wamid: string | null;
  referral: Record<string, unknown> | null;
  template_name: string | null;
  template_category: string | null;
  sent_at: unknown;
  arrived_at: unknown;
  cost_charged: boolean | null;
  cost_category: string | null;
  cost_amount_micros: number | string | null;
  cost_currency: string | null;
  cost_reason: string | null;
  cost_free_because: string | null;
  customer_wa_id: string | null;
  customer_user_id: string | null;
  customer_username: string | null;
};

/** The contact of a conversation on the partner's channel, by number or BSUID (current or retired). */
export async function findConversationContact(
  { partnerId, clientId }: Scope,
  {
    channelId,
    waId: given,
  }: {
    channelId: string;
    /** The contact id, a BSUID (current or retired), or a number in any usual writing. */
    waId: string;
  },
): Promise<{ id: string } | null> {
  const byId = isUuid(given);
  const id = byId || isBsuid(given) ? given : given.replace(/\D/g, "");
  if (!id) return null;
  const [row] = rowsOf<{ id: string }>(
    await getDb().execute(sql`
      select c.id from contacts c join channels ch on ch.id = c.channel_id
      where c.partner_id = ${partnerId} and ch.partner_id = ${partnerId}
        and c.channel_id = ${channelId} ${clientId ? sql`and ch.client_id = ${clientId}` : sql``}
        and ${
          byId
            ? sql`c.id = ${id}::uuid`
            : sql`(c.wa_id = ${id} or c.user_id = ${id} or c.previous_user_ids @> array[${id}]::text[])`
        }
      order by (c.wa_id = ${id} or c.user_id = ${id}) desc nulls last
      limit 1`),
  );
  return row ?? null;
}

/**
 * A cursor names a (sent_at, arrived_at, seq) position in the conversation; a malformed one is
 * refused by the caller first.
 */
function keyset(op: "<" | ">", cursor: string | null | undefined, conversation: Conversation): SQL {
  if (!cursor) return sql``;
  const c = decodeCursor(cursor);
  if (!c) throw new Error("invalid cursor");
  return keysetCondition(op, c, conversation);
}

/**
 * A page of the conversation's messages, newest first when `descending`. `before` and `after`
 * bound the page (exclusive); `nextCursor` continues in the same direction, null at the end.
 * Null when the conversation is not the partner's.
 */
export async function listChannelMessages(
  scope: Scope,
  {
    channelId,
    conversation,
    limit,
    descending,
    before = null,
    after = null,
    filters = {},
  }: {
    channelId: string;
    /** The contact id, the customer's BSUID or number (findConversationContact). */
    conversation: string;
    limit: number;
    descending: boolean;
    before?: string | null;
    after?: string | null;
    filters?: ChannelMessageFilters;
  },
): Promise<{ messages: ChannelMessage[]; nextCursor: string | null } | null> {
  const { partnerId } = scope;
  // The contact lookup checks the channel is the scope's (partner, and client for client users).
  const contact = await findConversationContact(scope, { channelId, waId: conversation });
  if (!contact) return null;
  const where: SQL[] = [];
  if (filters.origin) where.push(sql`and m.origin = ${filters.origin}`);
  if (filters.direction) where.push(sql`and m.direction = ${filters.direction}`);
  if (filters.type) where.push(sql`and m.type = ${filters.type}`);
  if (filters.status) where.push(sql`and m.status = ${filters.status}`);
  const order = descending ? sql.raw("desc") : sql.raw("asc");
  const within = { partnerId, channelId, contactId: contact.id };
  const rows = rowsOf<Row>(
    await getDb().execute(sql`
      select m.id, m.seq, m.wamid, extract(epoch from m.sent_at)::text as epoch,
        extract(epoch from m.arrived_at)::text as arrival, m.origin, m.direction,
        m.type, m.status, m.status_at, m.errors, m.text, m.edited_at, m.revoked_at, m.media,
        m.reply_to_wamid, m.referral, m.template_name, m.template_category, m.sent_at,
        m.arrived_at, mc.charged as cost_charged, mc.category as cost_category,
        mc.amount_micros as cost_amount_micros, mc.currency as cost_currency,
        mc.reason as cost_reason, mc.free_because as cost_free_because,
        c.wa_id as customer_wa_id, c.user_id as customer_user_id, c.username as customer_username
      from messages m
      join contacts c on c.id = m.contact_id
      left join message_costs mc on mc.message_id = m.id and mc.partner_id = ${partnerId}
      where m.partner_id = ${partnerId} and m.channel_id = ${channelId}
        and m.contact_id = ${contact.id} and m.stub = false and m.type not in (${attachedList})
        ${keyset("<", before, within)} ${keyset(">", after, within)}
        ${sql.join(where, sql` `)}
      order by m.sent_at ${order}, m.arrived_at ${order}, m.seq ${order}
      limit ${limit + 1}`),
  );
  const page = rows.slice(0, limit).map(toChannelMessage);
  return {
    messages: page,
    nextCursor: rows.length > limit ? (page.at(-1)?.cursor ?? null) : null,
  };
}

function toChannelMessage(m: Row): ChannelMessage {
  const revoked = m.revoked_at !== null;
  return {
    id: m.id,
    wamid: m.wamid,
    cursor: encodeCursor(m.epoch, m.arrival, m.seq),
    origin: m.origin,
    direction: m.direction,
    type: m.type,
    status: m.status,
    statusAt: iso(m.status_at),
    failureReason: m.status === "failed" ? failureReason(m.errors) : null,
    text: revoked ? null : m.text,
    edited: m.edited_at !== null,
    editedAt: iso(m.edited_at),
    revoked,
    revokedAt: iso(m.revoked_at),
    media: mediaOf(m, revoked),
    replyToWamid: m.reply_to_wamid,
    referral: m.referral,
    template: m.template_name ? { name: m.template_name, category: m.template_category } : null,
    sentAt: toDate(m.sent_at)!.toISOString(),
    arrivedAt: toDate(m.arrived_at)!.toISOString(),
    customer: {
      waId: m.customer_wa_id,
      userId: m.customer_user_id,
      username: m.customer_username,
    },
    cost:
      m.cost_charged === null
        ? null
        : {
            charged: m.cost_charged,
            category: m.cost_category ?? "",
            amountMicros: m.cost_amount_micros === null ? null : Number(m.cost_amount_micros),
            currency: m.cost_currency,
            reason: m.cost_reason ?? "",
            freeBecause: m.cost_free_because,
          },
  };
}
