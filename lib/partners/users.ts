import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { memberships, partners, users } from "@/db/schema";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * The account behind a sign-in attempt, with its first partner membership. Not tenant-scoped on
 * purpose: sign-in is what establishes the tenant.
 */
export async function findUserForSignIn(email: string) {
  const [row] = await getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      partnerId: memberships.partnerId,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, normaliseEmail(email)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row ?? null;
}

/** The caller's current membership, read fresh so a removed or demoted user loses access at once. */
export async function getMembership({ userId, partnerId }: { userId: string; partnerId: string }) {
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
    .from(memberships)
    .innerJoin(partners, eq(partners.id, memberships.partnerId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.partnerId, partnerId)))
    .limit(1);
  return row ?? null;
}
