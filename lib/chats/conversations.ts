import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type { MessageOrigin, MessageStatus } from "@/db/schema/chats";
import type { Scope } from "@/lib/auth/scope";
import { iso, toDate } from "./rows";
import { toPrefixTsquery } from "./search-query";
import type { ConversationFilter, ConversationList, ConversationRow, WindowView } from "./types";
import { NON_OPENING_TYPES, windowStateAt } from "./window";

export const CONVERSATIONS_PAGE = 50;

/** Rows that are not messages of their own in a timeline: applied to their target. */
export const ATTACHED_TYPES = ["reaction", "edit", "revoke"] as const;

const attachedList = sql.raw(ATTACHED_TYPES.map((t) => `'${t}'`).join(", "));
const nonOpeningList = sql.raw(NON_OPENING_TYPES.map((t) => `'${t}'`).join(", "));

/** The contact's display name: the app's saved name, else the profile name, else the number. */
export const contactNameSql = (alias: string) =>
  sql.raw(
    `coalesce(nullif(${alias}.app_name, ''), nullif(${alias}.profile_name, ''), nullif(${alias}.username, ''), ${alias}.wa_id, ${alias}.user_id)`,
  );

/** Same expression as the index contacts_search_idx (db/schema/chats.ts). */
const contactSearchVector = sql.raw(
  `to_tsvector('simple', coalesce(sc.app_name, '') || ' ' || coalesce(sc.profile_name, '') || ' ' || coalesce(sc.username, '') || ' ' || coalesce(sc.wa_id, ''))`,
);

type RawRow = {
  contact_id: string;
  channel_id: string;
  channel_number: string;
  channel_name: string | null;
  wa_id: string | null;
  user_id: string | null;
  username: string | null;
  name: string;
  last_live_message_at: unknown;
  last_id: string | null;
  last_origin: MessageOrigin | null;
  last_type: string | null;
  last_text: string | null;
  last_sent_at: unknown;
  last_status: MessageStatus | null;
  last_revoked_at: unknown;
  last_opener_at: unknown;
};

export function windowView(lastOpenerAt: Date | null, now: Date): WindowView {
  const state = windowStateAt(lastOpenerAt, now);
  return state.open
    ? { open: true, closesAt: state.closesAt.toISOString(), msLeft: state.msLeft }
    : { open: false, closedAt: state.closedAt?.toISOString() ?? null };
}

export type ConversationOrder = "recent" | "oldest" | "name" | "-name";

/** What to list; the tenant comes from the scope (a client user: their client's channels only). */
export type ConversationQuery = {
  channelId?: string | null;
  search?: string;
  filter?: ConversationFilter | null;
  /** true: the service window is open now; false: it is not. */
  windowOpen?: boolean | null;
  /** true: the customer wrote last and nobody answered; false: the opposite. */
  unanswered?: boolean | null;
  origin?: MessageOrigin | null;
  now?: Date;
};

const ORDER_BY: Record<ConversationOrder, SQL> = {
  // Live order: imported history never reorders the list. contacts_*inbox_idx give the first key
  // in order, so the laterals run for one page only (bench/timeline).
  recent: sql`order by c.last_live_message_at desc nulls last, lm.sent_at desc nulls last, c.id`,
  oldest: sql`order by c.last_live_message_at asc nulls last, lm.sent_at asc nulls last, c.id`,
  name: sql`order by lower(${contactNameSql("c")}), c.id`,
  "-name": sql`order by lower(${contactNameSql("c")}) desc, c.id desc`,
};

/**
 * The FROM and WHERE of the conversation list, shared by the page query and its count: one row
 * per contact with its last message (lm) and the latest customer message that opened a window (w).
 * Null when the search has nothing searchable (no row can match).
 */
function conversationsSource(
  { partnerId, clientId }: Scope,
  {
    channelId = null,
    search = "",
    filter = null,
    windowOpen = null,
    unanswered = null,
    origin = null,
    now = new Date(),
  }: ConversationQuery,
): SQL | null {
  const where: SQL[] = [sql`c.partner_id = ${partnerId}`];
  if (channelId) where.push(sql`c.channel_id = ${channelId}`);
  if (clientId) where.push(sql`ch.client_id = ${clientId}`);
  const tsquery = toPrefixTsquery(search);
  if (search.trim() && !tsquery) return null;
  if (tsquery) {
    // One set of matching contact ids from both GIN indexes: an OR across the two tables would
    // evaluate the name vector on every contact instead (bench/timeline).
    where.push(sql`c.id in (
      select sc.id from contacts sc
        where sc.partner_id = ${partnerId} and ${contactSearchVector} @@ to_tsquery('simple', ${tsquery})
      union
      select sm.contact_id from messages sm
        where sm.partner_id = ${partnerId}
          and to_tsvector('simple', coalesce(sm.text, '')) @@ to_tsquery('simple', ${tsquery}))`);
  }
  const windowCut = sql`${new Date(now.getTime() - 24 * 3600_000).toISOString()}::timestamptz`;
  if (filter === "window-open" || windowOpen === true) {
    where.push(sql`w.last_opener_at > ${windowCut}`);
  }
  if (windowOpen === false) {
    where.push(sql`(w.last_opener_at is null or w.last_opener_at <= ${windowCut})`);
  }
  if (filter === "unanswered" || unanswered === true) where.push(sql`lm.origin = 'customer'`);
  if (unanswered === false) where.push(sql`lm.origin is distinct from 'customer'`);
  if (origin) where.push(sql`lm.origin = ${origin}`);

  return sql`
    from contacts c
    join channels ch on ch.id = c.channel_id and ch.partner_id = ${partnerId}
    left join lateral (
      select m.id, m.origin, m.type, m.text, m.sent_at, m.status, m.revoked_at
      from messages m
      where m.channel_id = c.channel_id and m.contact_id = c.id and m.stub = false
        and m.type not in (${attachedList})
      order by m.sent_at desc, m.arrived_at desc, m.seq desc
      limit 1
    ) lm on true
    left join lateral (
      -- The latest opener, walking the timeline index backwards (max() would read them all).
      select m.sent_at as last_opener_at
      from messages m
      where m.channel_id = c.channel_id and m.contact_id = c.id and m.origin = 'customer'
        and m.type not in (${nonOpeningList})
        and (ch.onboarded_at is null or m.sent_at >= ch.onboarded_at)
      order by m.sent_at desc
      limit 1
    ) w on true
    where ${sql.join(where, sql` and `)}`;
}

/** How many conversations match (for the Partner API's `total`). */
export async function countConversations(scope: Scope, query: ConversationQuery): Promise<number> {
  const source = conversationsSource(scope, query);
  if (!source) return 0;
  const [row] = rowsOf<{ n: number | string }>(
    await getDb().execute(sql`select count(*)::int as n ${source}`),
  );
  return Number(row?.n ?? 0);
}

/**
 * Conversations of the partner (one channel, or all the partner's channels), one row per
 * contact, newest live message first: imported history never reorders the list.
 */
export async function listConversations(
  scope: Scope,
  {
    offset = 0,
    limit = CONVERSATIONS_PAGE,
    order = "recent",
    ...query
  }: ConversationQuery & {
    offset?: number;
    limit?: number;
    order?: ConversationOrder;
  } = {},
): Promise<ConversationList> {
  const now = query.now ?? new Date();
  const source = conversationsSource(scope, { ...query, now });
  if (!source) return { rows: [], nextOffset: null };
  const result = await getDb().execute(sql`
    select c.id as contact_id, c.channel_id, ch.display_phone_number as channel_number,
      ch.verified_name as channel_name, c.wa_id, c.user_id, c.username,
      ${contactNameSql("c")} as name, c.last_live_message_at,
      lm.id as last_id, lm.origin as last_origin, lm.type as last_type, lm.text as last_text,
      lm.sent_at as last_sent_at, lm.status as last_status, lm.revoked_at as last_revoked_at,
      w.last_opener_at
    ${source}
    ${ORDER_BY[order]}
    limit ${limit + 1} offset ${offset}
  `);
  const raw = rowsOf<RawRow>(result);
  const rows: ConversationRow[] = raw.slice(0, limit).map((r) => ({
    contactId: r.contact_id,
    channelId: r.channel_id,
    channelNumber: r.channel_number,
    channelName: r.channel_name,
    waId: r.wa_id,
    userId: r.user_id,
    username: r.username,
    name: r.name,
    lastLiveMessageAt: iso(r.last_live_message_at),
    last: r.last_id
      ? {
          id: r.last_id,
          origin: r.last_origin!,
          type: r.last_type!,
          text: r.last_revoked_at ? null : r.last_text,
          sentAt: iso(r.last_sent_at)!,
          status: r.last_status,
          revoked: r.last_revoked_at !== null,
        }
      : null,
    window: windowView(toDate(r.last_opener_at), now),
    unanswered: r.last_origin === "customer",
  }));
  return { rows, nextOffset: raw.length > limit ? offset + limit : null };
}
