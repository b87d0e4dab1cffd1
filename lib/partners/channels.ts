import "server-only";
import { and, asc, count, desc, eq, getTableColumns, ilike, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, clients } from "@/db/schema";
import type { ChannelFilters } from "./api-schemas";
import { likePattern } from "./clients";
import type { ListQuery } from "./list-query";

export type ChannelRow = Omit<typeof channels.$inferSelect, "businessTokenEncrypted"> & {
  clientName: string;
};

// Everything but the encrypted business token: it never leaves lib/ through a list.
const { businessTokenEncrypted: _token, ...publicColumns } = getTableColumns(channels);

const selection = { ...publicColumns, clientName: clients.name };

function channelConditions(partnerId: string, filters: ChannelFilters): SQL {
  const conditions: (SQL | undefined)[] = [eq(channels.partnerId, partnerId)];
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

export async function listChannels({
  partnerId,
  query,
}: {
  partnerId: string;
  query: ListQuery<ChannelFilters>;
}): Promise<{ channels: ChannelRow[]; total: number }> {
  const db = getDb();
  const where = channelConditions(partnerId, query.filters);
  const column = sortColumns[query.sortField as keyof typeof sortColumns] ?? channels.createdAt;
  // Channels never active in the app (null) sort last whichever the direction.
  const order = query.descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  const tieBreak = query.descending ? desc(channels.id) : asc(channels.id);
  const [rows, [total]] = await Promise.all([
    db
      .select(selection)
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
  return { channels: rows, total: total?.value ?? 0 };
}

export async function getChannelById({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}): Promise<ChannelRow | null> {
  const [row] = await getDb()
    .select(selection)
    .from(channels)
    .innerJoin(clients, eq(clients.id, channels.clientId))
    .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)));
  return row ?? null;
}

/** The distinct countries of the partner's channels, for filter menus. */
export async function listChannelCountries({ partnerId }: { partnerId: string }) {
  const rows = await getDb()
    .selectDistinct({ country: channels.countryCode })
    .from(channels)
    .where(eq(channels.partnerId, partnerId))
    .orderBy(channels.countryCode);
  return rows.map((row) => row.country).filter((c): c is string => Boolean(c));
}
