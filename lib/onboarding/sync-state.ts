import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type Channel, channels } from "@/db/schema";
import {
  type ChannelSyncState,
  type ContactsSyncState,
  type HistorySyncState,
  SYNC_WINDOW_MS,
} from "./sync-states";

/**
 * A channel's sync state, derived from facts kept on the channel row.
 *
 * Why columns on `channels` and not a computation over the sessions, contacts and chunks: the
 * channels list pages up to 100 rows and filters by sync state, and the facts live in four
 * places (the onboarding session's steps in jsonb, the smb_app_state_sync webhooks, which leave
 * no per-onboarding trace in `contacts`, the history chunks and the decline). Each fact is written
 * once, in the same transaction as the sync request or the webhook that establishes it (a
 * guarded UPDATE that only touches the row when the fact changes), and reset when the number is
 * onboarded again; the state is then an expression over the row's own columns: one query per
 * list page, filterable in SQL. The only time-dependent part, "expired", is computed at read time
 * against the hub's clock. The history chunks stay the detail (phases, counts) for
 * lib/onboarding/history-read.ts.
 */

type Executor = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

const iso = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** The 24-hour window of the current onboarding has ended (never for a channel not onboarded). */
const windowEnded = (now: Date) =>
  sql`(${channels.onboardedAt} is not null and ${channels.onboardedAt} <= ${iso(new Date(now.getTime() - SYNC_WINDOW_MS))})`;

export function contactsSyncSql(now: Date): SQL<ContactsSyncState> {
  return sql<ContactsSyncState>`(case
    when ${channels.contactsSyncedAt} is not null then 'received'
    when ${channels.contactsSyncRequestedAt} is not null then 'requested'
    when ${windowEnded(now)} then 'expired'
    else 'not_requested' end)`;
}

export function historySyncSql(now: Date): SQL<HistorySyncState> {
  return sql<HistorySyncState>`(case
    when ${channels.historyProgress} >= 100 then 'complete'
    when ${channels.historyDeclinedAt} is not null then 'declined'
    when ${channels.historyProgress} is not null then 'importing'
    when ${channels.historySyncRequestedAt} is not null then 'requested'
    when ${windowEnded(now)} then 'expired'
    else 'not_requested' end)`;
}

/** The select fields a channel query adds to read the state (see toChannelSyncState). */
export function syncStateSelection(now: Date) {
  return { contactsSync: contactsSyncSql(now), historySync: historySyncSql(now) };
}

/** Filter conditions for lists (`contacts_sync`, `history_sync`). */
export function syncStateConditions(
  now: Date,
  filters: { contacts_sync?: ContactsSyncState; history_sync?: HistorySyncState },
): SQL[] {
  const conditions: SQL[] = [];
  if (filters.contacts_sync)
    conditions.push(sql`${contactsSyncSql(now)} = ${filters.contacts_sync}`);
  if (filters.history_sync) conditions.push(sql`${historySyncSql(now)} = ${filters.history_sync}`);
  return conditions;
}

type SyncFacts = Pick<
  Channel,
  | "onboardedAt"
  | "contactsSyncRequestedAt"
  | "contactsSyncRequestId"
  | "contactsSyncedAt"
  | "historySyncRequestedAt"
  | "historySyncRequestId"
  | "historyProgress"
  | "historyDeclinedAt"
> & { contactsSync: ContactsSyncState; historySync: HistorySyncState };

export function toChannelSyncState(row: SyncFacts): ChannelSyncState {
  const progress =
    row.historySync === "complete"
      ? 100
      : row.historySync === "importing"
        ? Math.floor(Math.min(100, Math.max(0, row.historyProgress ?? 0)))
        : null;
  return {
    contacts: row.contactsSync,
    history: row.historySync,
    historyProgress: progress,
    deadlineAt: row.onboardedAt ? new Date(row.onboardedAt.getTime() + SYNC_WINDOW_MS) : null,
    contactsRequestedAt: row.contactsSyncRequestedAt,
    contactsRequestId: row.contactsSyncRequestId,
    contactsReceivedAt: row.contactsSyncedAt,
    historyRequestedAt: row.historySyncRequestedAt,
    historyRequestId: row.historySyncRequestId,
    historyDeclinedAt: row.historyDeclinedAt,
  };
}

/** The channel columns of a fresh onboarding: no sync asked or received yet. */
export const freshSyncFacts = {
  contactsSyncRequestedAt: null,
  contactsSyncRequestId: null,
  contactsSyncedAt: null,
  historySyncRequestedAt: null,
  historySyncRequestId: null,
  historyProgress: null,
  historyDeclinedAt: null,
} as const;

/**
 * Records an accepted sync request on the channel, in the caller's transaction. Only while the
 * channel's syncs still belong to this session: an old session resumed after the number was
 * onboarded again writes nothing onto the new onboarding.
 */
export async function recordSyncRequest(
  db: Executor,
  input: {
    partnerId: string;
    channelId: string;
    sessionId: string;
    syncType: "smb_app_state_sync" | "history";
    requestId: string;
    at: Date;
  },
) {
  const values =
    input.syncType === "history"
      ? { historySyncRequestedAt: input.at, historySyncRequestId: input.requestId }
      : { contactsSyncRequestedAt: input.at, contactsSyncRequestId: input.requestId };
  await db
    .update(channels)
    .set(values)
    .where(
      and(
        eq(channels.partnerId, input.partnerId),
        eq(channels.id, input.channelId),
        eq(channels.syncSessionId, input.sessionId),
      ),
    );
}
