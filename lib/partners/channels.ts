import "server-only";
import { and, asc, count, desc, eq, getTableColumns, ilike, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, clients } from "@/db/schema";
import { type Scope, tenantCondition } from "@/lib/auth/scope";
import { hubNow } from "@/lib/clock";
import {
  syncStateConditions,
  syncStateSelection,
  toChannelSyncState,
} from "@/lib/onboarding/sync-state";
import type {
  ChannelSyncState,
  ContactsSyncState,
  HistorySyncState,
} from "@/lib/onboarding/sync-states";
import type { ChannelFilters } from "./api-schemas";
import { likePattern } from "./clients";
import type { ListQuery } from "./list-query";

export type ChannelRow = Omit<typeof channels.$inferSelect, "businessTokenEncrypted"> & {
  clientName: string;
  syncState: ChannelSyncState;
};

// Everything but the encrypted business token: it never leaves lib/ through a list.
const { businessTokenEncrypted: _token, ...publicColumns } = getTableColumns(channels);

// The sync state is an expression over the row's own columns (lib/onboarding/sync-state.ts), so
// a page of channels stays one query, filterable by it.
const selection = (now: Date) => ({
  ...publicColumns,
  clientName: clients.name,
  ...syncStateSelection(now),
});

function toRow({
  contactsSync,
  historySync,
  ...row
}: Omit<ChannelRow, "syncState"> & {
  contactsSync: ContactsSyncState;
  historySync: HistorySyncState;
}): ChannelRow {
  return { ...row, syncState: toChannelSyncState({ ...row, contactsSync, historySync }) };
}

function channelConditions(scope: Scope, filters: ChannelFilters, now: Date): SQL {
  const conditions: (SQL | undefined)[] = [
    tenantCondition(scope, channels),
    ...syncStateConditions(now, filters),
  ];
  if (filters.status) conditions.push(eq(channels.status, filters.status));
  if (filters.client_id) conditions.push(eq(channels.clientId, filters.client_id));
  if (filters.country_code) {
    conditions.push(eq(channels.countryCode, filters.country_code.toUpperCase()));
  }
  if (filters.coexistence !== undefined) {
    conditions.push(eq(channels.coexistence, filters.coexistence));
  }
  if (filters.quality_rating) conditions.push(eq(channels.qualityRating, filters.quality_rating));
  if (filters.search) {
    const pattern = likePattern(filters.search.replace(/^\+/, ""));
    conditions.push(
      or(
        ilike(channels.displayPhoneNumber, pattern),
        ilike(channels.verifiedName, pattern),
        ilike(clients.name, pattern),
      ),
    );
  }
  return and(...conditions)!;
}

const sortColumns = {
  created_at: channels.createdAt,
  display_phone_number: channels.displayPhoneNumber,
  verified_name: channels.verifiedName,
  status: channels.status,
  onboarded_at: channels.onboardedAt,
  last_app_activity_at: channels.lastAppActivityAt,
} as const;

/** The tenant's channels (a client user's: its own client's only). */
export async function listChannels(
  scope: Scope,
  {
    query,
    now,
  }: {
    query: ListQuery<ChannelFilters>;
    /** The hub's clock by default (the sync "expired" state depends on it). */
    now?: Date;
  },
): Promise<{ channels: ChannelRow[]; total: number }> {
  const db = getDb();
  const at = now ?? (await hubNow());
  const where = channelConditions(scope, query.filters, at);
  const column = sortColumns[query.sortField as keyof typeof sortColumns] ?? channels.createdAt;
  // Channels never active in the app (null) sort last whichever the direction.
  const order = query.descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  const tieBreak = query.descending ? desc(channels.id) : asc(channels.id);
  const [rows, [total]] = await Promise.all([
    db
      .select(selection(at))
      .from(channels)
      .innerJoin(clients, eq(clients.id, channels.clientId))
      .where(where)
      .orderBy(order, tieBreak)
      .limit(query.limit)
      .offset(query.offset),
    db
      .select({ value: count() })
      .from(channels)
      .innerJoin(clients, eq(clients.id, channels.clientId))
      .where(where),
  ]);
  return { channels: rows.map(toRow), total: total?.value ?? 0 };
}

/** One channel of the tenant, else null (another partner's or client's id reads as none). */
export async function getChannelById(
  scope: Scope,
  { channelId, now }: { channelId: string; now?: Date },
): Promise<ChannelRow | null> {
  const [row] = await getDb()
    .select(selection(now ?? (await hubNow())))
    .from(channels)
    .innerJoin(clients, eq(clients.id, channels.clientId))
    .where(and(tenantCondition(scope, channels), eq(channels.id, channelId)));
  return row ? toRow(row) : null;
}

/** The distinct countries of the tenant's channels, for filter menus. */
export async function listChannelCountries(scope: Scope) {
  const rows = await getDb()
    .selectDistinct({ country: channels.countryCode })
    .from(channels)
    .where(tenantCondition(scope, channels))
    .orderBy(channels.countryCode);
  return rows.map((row) => row.country).filter((c): c is string => Boolean(c));
}
