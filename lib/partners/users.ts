import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { memberships, partners, users } from "@/db/schema";
import type { MembershipRole } from "@/db/schema/partners";
import { hashPassword } from "@/lib/auth/password";
import { randomToken } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";

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

export type Member = {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  createdAt: Date;
};

/** The partner's users (owners and members; client users are listed too, with their role). */
export async function listMembers({ partnerId }: { partnerId: string }): Promise<Member[]> {
  return getDb()
    .select({
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.partnerId, partnerId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

export const invitableRoles = ["owner", "member"] as const;
export type InvitableRole = (typeof invitableRoles)[number];

/**
 * Creates an account for a new colleague with a one-time password, returned once for the owner to
 * hand over. An email that already has an account is refused: accounts are not shared across
 * partners here, and the answer does not say whose it is.
 */
export async function inviteMember({
  partnerId,
  email,
  name,
  role,
  actor,
}: {
  partnerId: string;
  email: string;
  name?: string | null;
  role: InvitableRole;
  actor: Actor;
}): Promise<{ member: Member; oneTimePassword: string }> {
  const normalised = normaliseEmail(email);
  const oneTimePassword = randomToken(12);
  const passwordHash = await hashPassword(oneTimePassword);
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: normalised, name: name?.trim() || null, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) {
      throw new AppError("conflict", "This email already has an account and cannot be invited.", {
        email: ["already has an account"],
      });
    }
    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, partnerId, role })
      .returning();
    await recordAudit(
      {
        partnerId,
        actor,
        action: "user.invited",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email, role },
      },
      tx,
    );
    return {
      member: {
        userId: user.id,
        email: user.email,
        name: user.name,
        role,
        createdAt: membership!.createdAt,
      },
      oneTimePassword,
    };
  });
}

/** Locks the partner's memberships, so two owners demoting each other cannot leave none. */
async function lockMembers(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], partnerId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.partnerId, partnerId))
    .for("update");
}

export async function changeMemberRole({
  partnerId,
  userId,
  role,
  actor,
}: {
  partnerId: string;
  userId: string;
  role: InvitableRole;
  actor: Actor;
}) {
  return getDb().transaction(async (tx) => {
    const all = await lockMembers(tx, partnerId);
    const target = all.find((m) => m.userId === userId);
    if (!target) throw new AppError("not_found", "User not found.");
    if (target.role === role) return { userId, role };
    const owners = all.filter((m) => m.role === "owner").length;
    if (target.role === "owner" && owners <= 1) {
      throw new AppError(
        "conflict",
        "The last owner cannot be demoted. Make someone else owner first.",
      );
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
    await recordAudit(
      {
        partnerId,
        actor,
        action: "user.role_changed",
        targetType: "user",
        targetId: userId,
        before: { role: target.role },
        after: { role },
      },
      tx,
    );
    return { userId, role };
  });
}

/** Removes a user from the partner (their session stops working at the next request). */
export async function removeMember({
  partnerId,
  userId,
  actor,
}: {
  partnerId: string;
  userId: string;
  actor: Actor;
}) {
  return getDb().transaction(async (tx) => {
    const all = await lockMembers(tx, partnerId);
    const target = all.find((m) => m.userId === userId);
    if (!target) throw new AppError("not_found", "User not found.");
    const owners = all.filter((m) => m.role === "owner").length;
    if (target.role === "owner" && owners <= 1) {
      throw new AppError("conflict", "The last owner cannot be removed.");
    }
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await tx
      .delete(memberships)
      .where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)));
    await recordAudit(
      {
        partnerId,
        actor,
        action: "user.removed",
        targetType: "user",
        targetId: userId,
        before: { email: user?.email ?? null, role: target.role },
      },
      tx,
    );
    return { userId };
  });
}
