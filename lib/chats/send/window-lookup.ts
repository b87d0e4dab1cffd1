import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import type { Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { toDate } from "../rows";
import { NON_OPENING_TYPES, type WindowState, windowStateAt } from "../window";

const nonOpeningList = sql.raw(NON_OPENING_TYPES.map((t) => `'${t}'`).join(", "));

/**
 * The API service window of one customer now (lib/chats/window.ts rule): opened and reset only by
 * the customer's own messages received after onboarding, never by history or echoes. Reads the
 * timeline index (channel, contact, sent_at).
 */
export async function serviceWindowOf(
  { partnerId }: Scope,
  {
    channelId,
    contactId,
    onboardedAt,
    now,
  }: {
    channelId: string;
    /** Null for a number never seen on this channel: no window. */
    contactId: string | null;
    onboardedAt: Date | null;
    now: Date;
  },
): Promise<WindowState> {
  if (!contactId) return windowStateAt(null, now);
  const [row] = rowsOf<{ at: unknown }>(
    await getDb().execute(sql`
      select max(m.sent_at) as at from messages m
      where m.partner_id = ${partnerId} and m.channel_id = ${channelId}
        and m.contact_id = ${contactId} and m.origin = 'customer' and m.stub = false
        and m.type not in (${nonOpeningList})
        ${onboardedAt ? sql`and m.sent_at >= ${onboardedAt.toISOString()}::timestamptz` : sql``}
        and m.sent_at <= ${now.toISOString()}::timestamptz`),
  );
  return windowStateAt(toDate(row?.at), now);
}

/**
 * A conversation's customer address, scoped like the timeline (a foreign id is a 404): the number,
 * else the BSUID of a username-only customer.
 */
export async function getContactAddress(
  { partnerId, clientId }: Scope,
  { channelId, contactId }: { channelId: string; contactId: string },
): Promise<string> {
  const [row] = rowsOf<{ address: string }>(
    await getDb().execute(sql`
      select coalesce(c.wa_id, c.user_id) as address from contacts c
      join channels ch on ch.id = c.channel_id and ch.partner_id = ${partnerId}
      where c.partner_id = ${partnerId} and c.channel_id = ${channelId} and c.id = ${contactId}
        ${clientId ? sql`and ch.client_id = ${clientId}` : sql``}`),
  );
  if (!row) throw new AppError("not_found", "Conversation not found.");
  return row.address;
}
