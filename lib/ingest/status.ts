import type { MessageStatus } from "@/db/schema/chats";

/**
 * Statuses only move forward: sent < delivered < read < played, and `failed` is terminal.
 * Taking the highest rank is commutative and idempotent, so any order of arrival (read before
 * delivered, delivered never, duplicates) ends in the same state. The same ranks are written in
 * SQL by `statusRankSql` for the upserts.
 */
export const statusRank: Record<MessageStatus, number> = {
  pending: 0,
  // Meta's answer never came: any status Meta reports moves it on.
  unknown: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 9,
};

export type StatusPoint = { status: MessageStatus | null; at: Date | null };

/** The state two status reports end in. Equal ranks keep the earlier time. */
export function laterStatus(a: StatusPoint, b: StatusPoint): StatusPoint {
  if (!a.status) return b;
  if (!b.status) return a;
  const ra = statusRank[a.status];
  const rb = statusRank[b.status];
  if (ra !== rb) return ra > rb ? a : b;
  if (!a.at) return b;
  if (!b.at) return a;
  return a.at.getTime() <= b.at.getTime() ? a : b;
}

/** history_context.status (SENT, DELIVERED, READ, PLAYED, PENDING, ERROR) as a message status. */
export function statusFromHistory(value: string | undefined): MessageStatus | null {
  switch (value?.toUpperCase()) {
    case "SENT":
      return "sent";
    case "DELIVERED":
      return "delivered";
    case "READ":
      return "read";
    case "PLAYED":
      return "played";
    case "PENDING":
      return "pending";
    case "ERROR":
      return "failed";
    default:
      return null;
  }
}

/** The SQL expression ranking a status column (null ranks below everything). */
export function statusRankSql(column: string): string {
  return `(case ${column} when 'pending' then 0 when 'unknown' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'played' then 4 when 'failed' then 9 else -1 end)`;
}
