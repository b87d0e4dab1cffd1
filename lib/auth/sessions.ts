import "server-only";
import { and, eq, gt, isNotNull, isNull, lt, ne, or } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { memberships, partners, userSessions, users } from "@/db/schema";

/** However active, a browser signs in again after this long (the cookie itself rolls). */
export const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

export async function createUserSession(userId: string) {
  const [row] = await getDb().insert(userSessions).values({ userId }).returning();
  return row!.id;
}

/** Sign-out: the cookie's session stops working even if a copy of the cookie survives. */
export async function revokeUserSession(sessionId: string, now = new Date()) {
  await getDb()
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** Every session of the user (a new password), or all but the one making the change. */
export async function revokeAllUserSessions(
  userId: string,
  { except, now = new Date(), tx }: { except?: string; now?: Date; tx?: Tx } = {},
) {
  await (tx ?? getDb())
    .update(userSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        except ? ne(userSessions.id, except) : undefined,
      ),
    );
}

/** The SQL condition for a session row that still signs its user in. */
export function liveSessionCondition(now = new Date()) {
  return and(
    isNull(userSessions.revokedAt),
    gt(userSessions.createdAt, new Date(now.getTime() - SESSION_MAX_AGE_MS)),
  );
}

/** Deletes revoked and too-old sessions (a missing row is refused alike); a periodic job. */
export async function deleteDeadUserSessions({ now = new Date() }: { now?: Date } = {}) {
  const cutoff = new Date(now.getTime() - SESSION_MAX_AGE_MS);
  await getDb()
    .delete(userSessions)
    .where(or(isNotNull(userSessions.revokedAt), lt(userSessions.createdAt, cutoff)));
}

/**
 * The membership behind a session cookie, read fresh on every request: null when the session was
 * revoked (sign-out, new password) or the membership is gone (removed user), so either takes
 * effect at the next request even though the signed cookie itself is still valid.
 */
export async function findSessionMembership(
  { sessionId, userId, partnerId }: { sessionId: string; userId: string; partnerId: string },
  now = new Date(),
) {
  const [row] = await getDb()
    .select({
      userId: memberships.userId,
      partnerId: memberships.partnerId,
      role: memberships.role,
      clientId: memberships.clientId,
      partnerName: partners.name,
      email: users.email,
      name: users.name,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(partners, eq(partners.id, memberships.partnerId))
    .where(
      and(
        eq(userSessions.id, sessionId),
        eq(userSessions.userId, userId),
        eq(memberships.partnerId, partnerId),
        liveSessionCondition(now),
      ),
    )
    .limit(1);
  return row ?? null;
}
