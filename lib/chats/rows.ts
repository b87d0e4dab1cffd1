import { type SQL, sql } from "drizzle-orm";

/** Raw-row helpers shared by lib/chats queries (postgres.js and PGlite differ in shapes). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  // Raw timestamptz text as Postgres prints it: "2026-01-10 00:00:00.123+00".
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(
    String(value),
  );
  const text = m
    ? `${m[1]}T${m[2]}${(m[3] ?? "").slice(0, 4)}${normalizeZone(m[4])}`
    : String(value);
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function normalizeZone(zone: string | undefined): string {
  if (!zone || zone === "Z") return "Z";
  const digits = zone.slice(1).replace(":", "");
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || "00"}`;
}

export function iso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}

// `epoch|arrival|seq`; `epoch|seq` before arrivals (decodeCursor).
const CURSOR = /^(\d{1,12}(?:\.\d{1,6})?)(?:\|(\d{1,12}(?:\.\d{1,6})?))?\|(\d{1,18})$/;

/** One conversation, within its partner (the caller's scope). */
export type Conversation = { partnerId: string; channelId: string; contactId: string };

/** A position in a conversation's order (sent_at, arrived_at, seq); see encodeCursor. */
export type Cursor = { epoch: string; arrival: string | null; seq: string };

/**
 * Keyset cursor on (sent_at, arrived_at, seq): both times as exact epoch seconds text
 * (microseconds kept), seq the storage order that breaks what is left. Meta's timestamps are whole
 * seconds: messages of the same second are in the order the hub received them (arrived_at).
 */
export function encodeCursor(epoch: string, arrival: string, seq: string | number): string {
  return Buffer.from(`${epoch}|${arrival}|${seq}`).toString("base64url");
}

/**
 * The cursor's position, or null for a forged one. A cursor made before messages had an arrival
 * (`epoch|seq`) still decodes, with a null arrival: keysetCondition reads its message's.
 */
export function decodeCursor(cursor: string): Cursor | null {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = CURSOR.exec(raw);
  return m ? { epoch: m[1]!, arrival: m[2] ?? null, seq: m[3]! } : null;
}

/**
 * `and (m.sent_at, m.arrived_at, m.seq) <op> <cursor>` for the messages `m` of one conversation
 * (the order of the timeline index). An old cursor without arrival takes its message's; if that
 * message is gone, the comparison stops at its second (the rest of that second is skipped).
 */
export function keysetCondition(
  op: "<" | "<=" | ">",
  c: Cursor,
  { partnerId, channelId, contactId }: Conversation,
): SQL {
  const sentAt = sql`to_timestamp(${c.epoch}::double precision)`;
  const seq = sql`${c.seq}::bigint`;
  const arrival = c.arrival
    ? sql`to_timestamp(${c.arrival}::double precision)`
    : sql`(select a.arrived_at from messages a where a.partner_id = ${partnerId}::uuid
        and a.channel_id = ${channelId}::uuid and a.contact_id = ${contactId}::uuid
        and a.sent_at = ${sentAt} and a.seq = ${seq})`;
  return sql`and (m.sent_at, m.arrived_at, m.seq) ${sql.raw(op)} (${sentAt}, ${arrival}, ${seq})`;
}
