import "server-only";
import { and, desc, eq, inArray, max } from "drizzle-orm";
import { getDb } from "@/db";
import {
  type AcknowledgementKind,
  channels,
  healthAcknowledgements,
  memberships,
  users,
} from "@/db/schema";
import { type Scope, tenantCondition } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

// A few minutes of clock skew between the browser and the server are not a lie about the future.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Records that a partner user confirmed something the hub cannot see: the business opened the app
 * (resets the 13-day clock) or re-linked its companions. A channel outside the tenant (another
 * partner's; for a client user, another client's) is not found; a user who is not a member of the
 * partner may not record anything.
 */
export async function recordAcknowledgement(
  scope: Scope,
  {
    channelId,
    kind,
    userId,
    at,
    now = new Date(),
  }: {
    channelId: string;
    kind: AcknowledgementKind;
    userId: string;
    /** When it happened, if earlier than now (e.g. "opened the app yesterday"). */
    at?: Date;
    now?: Date;
  },
) {
  const { partnerId } = scope;
  const when = at ?? now;
  if (Number.isNaN(when.getTime()) || when.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new AppError("unprocessable", "An acknowledgement cannot be in the future.", {
      at: ["Must not be in the future"],
    });
  }
  if (!isUuid(channelId)) throw new AppError("not_found", "Channel not found.");
  const db = getDb();
  const [channel] = await db
    .select({ id: channels.id, onboardedAt: channels.onboardedAt })
    .from(channels)
    .where(and(eq(channels.id, channelId), tenantCondition(scope, channels)))
    .limit(1);
  if (!channel) throw new AppError("not_found", "Channel not found.");
  const [member] = isUuid(userId)
    ? await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.partnerId, partnerId)))
        .limit(1)
    : [];
  if (!member) throw new AppError("forbidden", "Only a member of the partner can acknowledge.");

  const [row] = await db
    .insert(healthAcknowledgements)
    .values({ partnerId, channelId, kind, byUserId: userId, at: when })
    .returning();
  return row!;
}

/**
 * A channel's acknowledgements, newest first, with who gave them (for the timeline). Empty for a
 * channel outside the scope.
 */
export async function listAcknowledgements(scope: Scope, { channelId }: { channelId: string }) {
  if (!isUuid(channelId)) return [];
  return getDb()
    .select({
      id: healthAcknowledgements.id,
      kind: healthAcknowledgements.kind,
      at: healthAcknowledgements.at,
      byUserId: healthAcknowledgements.byUserId,
      byName: users.name,
      byEmail: users.email,
    })
    .from(healthAcknowledgements)
    .innerJoin(channels, eq(channels.id, healthAcknowledgements.channelId))
    .leftJoin(users, eq(users.id, healthAcknowledgements.byUserId))
    .where(
      and(
        eq(healthAcknowledgements.partnerId, scope.partnerId),
        tenantCondition(scope, channels),
        eq(healthAcknowledgements.channelId, channelId),
      ),
    )
    .orderBy(desc(healthAcknowledgements.at), desc(healthAcknowledgements.id));
}

export type LatestAcknowledgements = {
  appOpenedAt: Date | null;
  companionsRelinkedAt: Date | null;
};

/**
 * The latest acknowledgement of each kind per channel: what `ChannelHealthInput` needs as
 * `appOpenedAcknowledgedAt` and `companionsRelinkedAcknowledgedAt`. Channels of other partners
 * come back empty.
 */
// For the evaluation (./evaluate.ts), on channel ids it already read through the scope or the job.
export async function getLatestAcknowledgements({
  partnerId,
  channelIds,
}: {
  partnerId: string;
  channelIds: readonly string[];
}): Promise<Map<string, LatestAcknowledgements>> {
  const ids = channelIds.filter(isUuid);
  const result = new Map<string, LatestAcknowledgements>(
    channelIds.map((id) => [id, { appOpenedAt: null, companionsRelinkedAt: null }]),
  );
  if (ids.length === 0) return result;
  const rows = await getDb()
    .select({
      channelId: healthAcknowledgements.channelId,
      kind: healthAcknowledgements.kind,
      at: max(healthAcknowledgements.at),
    })
    .from(healthAcknowledgements)
    .where(
      and(
        eq(healthAcknowledgements.partnerId, partnerId),
        inArray(healthAcknowledgements.channelId, ids),
      ),
    )
    .groupBy(healthAcknowledgements.channelId, healthAcknowledgements.kind);
  for (const row of rows) {
    const entry = result.get(row.channelId);
    if (!entry || !row.at) continue;
    const at = new Date(row.at);
    if (row.kind === "app_opened") entry.appOpenedAt = at;
    else entry.companionsRelinkedAt = at;
  }
  return result;
}
