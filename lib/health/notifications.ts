import "server-only";
import {
  and,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  sql,
} from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { channels, healthNotifications } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { occurrenceKey } from "./rules";
import type { HealthWarning } from "./types";

/**
 * A notification shows unless dismissed; a dismissed critical that still holds (not resolved)
 * shows anyway, because dismissing must not hide it.
 */
const visible = or(
  isNull(healthNotifications.dismissedAt),
  and(eq(healthNotifications.severity, "critical"), isNull(healthNotifications.resolvedAt)),
);

// The evaluation job's (refreshPartnerHealth): it runs for a partner id, not for a caller.
async function requireChannel(partnerId: string, channelId: string) {
  if (!isUuid(channelId)) throw new AppError("not_found", "Channel not found.");
  const [row] = await getDb()
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.partnerId, partnerId)))
    .limit(1);
  if (!row) throw new AppError("not_found", "Channel not found.");
}

/**
 * Brings a channel's notifications in line with its current warnings: each new occurrence of a
 * warning or critical becomes one notification (the unique key makes repeated or concurrent
 * evaluations harmless), occurrences that stopped holding are marked resolved, and ones that hold
 * again are reopened. Information never notifies.
 */
export async function syncChannelNotifications({
  partnerId,
  channelId,
  warnings,
  now = new Date(),
}: {
  partnerId: string;
  channelId: string;
  warnings: readonly HealthWarning[];
  now?: Date;
}) {
  await requireChannel(partnerId, channelId);
  const notifiable = warnings.filter((w) => w.severity !== "info");
  const keys = notifiable.map(occurrenceKey);

  return getDb().transaction(async (tx) => {
    const created =
      notifiable.length === 0
        ? []
        : await tx
            .insert(healthNotifications)
            .values(
              notifiable.map((w) => ({
                partnerId,
                channelId,
                warningId: w.id,
                severity: w.severity,
                occurrence: occurrenceKey(w),
                title: w.title,
                message: w.message,
                since: w.since,
                createdAt: now,
              })),
            )
            .onConflictDoNothing({
              target: [healthNotifications.channelId, healthNotifications.occurrence],
            })
            .returning({
              id: healthNotifications.id,
              occurrence: healthNotifications.occurrence,
            });
    const scope = and(
      eq(healthNotifications.partnerId, partnerId),
      eq(healthNotifications.channelId, channelId),
    );
    const reopened =
      keys.length === 0
        ? []
        : await tx
            .update(healthNotifications)
            .set({ resolvedAt: null })
            .where(
              and(
                scope,
                inArray(healthNotifications.occurrence, keys),
                isNotNull(healthNotifications.resolvedAt),
              ),
            )
            .returning({ id: healthNotifications.id });
    const resolved = await tx
      .update(healthNotifications)
      .set({ resolvedAt: now })
      .where(
        and(
          scope,
          isNull(healthNotifications.resolvedAt),
          keys.length === 0 ? undefined : notInArray(healthNotifications.occurrence, keys),
        ),
      )
      .returning({ id: healthNotifications.id });
    // The occurrences this call inserted: only one of several concurrent evaluations gets each,
    // so announcing them (e.g. forwarding `channel.warning`) happens once.
    const createdWarnings = created.flatMap((row) => {
      const warning = notifiable.find((w) => occurrenceKey(w) === row.occurrence);
      return warning ? [{ notificationId: row.id, warning }] : [];
    });
    return {
      created: created.length,
      createdWarnings,
      resolved: resolved.length,
      reopened: reopened.length,
    };
  });
}

/**
 * The tenant's notifications: the partner's, and for a client user only those of its own
 * client's channels (a notification belongs to a channel, the channel to a client).
 */
function tenantNotifications({ partnerId, clientId }: Scope) {
  return and(
    eq(healthNotifications.partnerId, partnerId),
    clientId
      ? sql`${healthNotifications.channelId} in (select ch.id from channels ch where ch.partner_id = ${partnerId} and ch.client_id = ${clientId})`
      : undefined,
  );
}

export type NotificationListItem = Awaited<ReturnType<typeof listNotifications>>["items"][number];

/** The header's list, newest first, keyset-paged by (createdAt, id). */
export async function listNotifications(
  scope: Scope,
  {
    limit = 20,
    before,
  }: {
    limit?: number;
    /** The last item of the previous page. */
    before?: { createdAt: Date; id: string };
  } = {},
) {
  const size = Math.min(Math.max(1, Math.floor(limit)), 100);
  const rows = await getDb()
    .select({
      id: healthNotifications.id,
      channelId: healthNotifications.channelId,
      displayPhoneNumber: channels.displayPhoneNumber,
      verifiedName: channels.verifiedName,
      warningId: healthNotifications.warningId,
      severity: healthNotifications.severity,
      title: healthNotifications.title,
      message: healthNotifications.message,
      since: healthNotifications.since,
      createdAt: healthNotifications.createdAt,
      readAt: healthNotifications.readAt,
      dismissedAt: healthNotifications.dismissedAt,
      resolvedAt: healthNotifications.resolvedAt,
    })
    .from(healthNotifications)
    .innerJoin(channels, eq(channels.id, healthNotifications.channelId))
    .where(
      and(
        tenantNotifications(scope),
        visible,
        before && isUuid(before.id)
          ? or(
              lt(healthNotifications.createdAt, before.createdAt),
              and(
                eq(healthNotifications.createdAt, before.createdAt),
                lt(healthNotifications.id, before.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(healthNotifications.createdAt), desc(healthNotifications.id))
    .limit(size + 1);
  const items = rows.slice(0, size).map((row) => ({
    ...row,
    /** Shown although dismissed: a critical that still holds. */
    stillHolding: row.resolvedAt === null,
  }));
  return { items, hasMore: rows.length > size };
}

/** The header badge: visible notifications nobody has read. */
export async function countUnreadNotifications(scope: Scope) {
  const [row] = await getDb()
    .select({ value: count() })
    .from(healthNotifications)
    .where(and(tenantNotifications(scope), isNull(healthNotifications.readAt), visible));
  return row?.value ?? 0;
}

async function updateOne(
  scope: Scope,
  id: string,
  set: PgUpdateSetSource<typeof healthNotifications>,
) {
  if (!isUuid(id)) throw new AppError("not_found", "Notification not found.");
  const [row] = await getDb()
    .update(healthNotifications)
    .set(set)
    .where(and(eq(healthNotifications.id, id), tenantNotifications(scope)))
    .returning();
  if (!row) throw new AppError("not_found", "Notification not found.");
  return row;
}

export async function markNotificationRead(
  scope: Scope,
  { id, now = new Date() }: { id: string; now?: Date },
) {
  return updateOne(scope, id, {
    readAt: sql`coalesce(${healthNotifications.readAt}, ${now.toISOString()}::timestamptz)`,
  });
}

export async function markAllNotificationsRead(
  scope: Scope,
  { now = new Date() }: { now?: Date } = {},
) {
  const rows = await getDb()
    .update(healthNotifications)
    .set({ readAt: now })
    .where(and(tenantNotifications(scope), isNull(healthNotifications.readAt)))
    .returning({ id: healthNotifications.id });
  return { updated: rows.length };
}

/**
 * Dismissing also marks read. A critical that still holds stays in the list (see `visible`) until
 * the warning stops holding.
 */
export async function dismissNotification(
  scope: Scope,
  { id, now = new Date() }: { id: string; now?: Date },
) {
  return updateOne(scope, id, {
    dismissedAt: now,
    readAt: sql`coalesce(${healthNotifications.readAt}, ${now.toISOString()}::timestamptz)`,
  });
}
