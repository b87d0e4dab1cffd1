import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { clients, memberships, partners, passwordTokens, users } from "@/db/schema";
import type { MembershipRole } from "@/db/schema/partners";
import { issuePasswordToken } from "@/lib/auth/password-tokens";
import type { PartnerScope } from "@/lib/auth/scope";
import { revokeAllUserSessions } from "@/lib/auth/sessions";
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
  clientId: string | null;
  /** False until an invited user has set a password through their link. */
  hasPassword: boolean;
  createdAt: Date;
};

const memberColumns = {
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  clientId: memberships.clientId,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  createdAt: memberships.createdAt,
};

/** The partner's users (owners and members; client users are listed too, with their role). */
export async function listMembers({ partnerId }: PartnerScope): Promise<Member[]> {
  return getDb()
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.partnerId, partnerId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

/** One client's own users (role `client`), for its page. */
export async function listClientUsers(
  { partnerId }: PartnerScope,
  { clientId }: { clientId: string },
): Promise<Member[]> {
  return getDb()
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnerId, partnerId),
        eq(memberships.clientId, clientId),
        eq(memberships.role, "client"),
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

export const invitableRoles = ["owner", "member"] as const;
export type InvitableRole = (typeof invitableRoles)[number];

/** A client user is pinned to one of this partner's clients; owners and members to none. */
async function checkClientFor(
  tx: Tx,
  partnerId: string,
  role: MembershipRole,
  clientId: string | null,
) {
  if (role !== "client") {
    if (clientId) throw new AppError("bad_request", "Only client users belong to a client.");
    return;
  }
  if (!clientId) throw new AppError("bad_request", "A client user needs a client.");
  const [client] = await tx
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.id, clientId), eq(clients.partnerId, partnerId)));
  if (!client) throw new AppError("not_found", "Client not found.");
}

/**
 * The account for an invited email: a new one without a password, or one left without any
 * membership by an earlier removal (its old password and sessions are dropped, so only the new
 * link gets in). An email with a membership anywhere is refused: accounts are not shared across
 * partners here, and the answer does not say whose it is.
 */
async function accountForInvite(tx: Tx, email: string, name: string | null, now: Date) {
  const [created] = await tx
    .insert(users)
    .values({ email, name, passwordHash: null })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  if (created) return created;
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .for("update");
  const [anyMembership] = await tx
    .select({ partnerId: memberships.partnerId })
    .from(memberships)
    .where(eq(memberships.userId, existing!.id))
    .limit(1);
  if (anyMembership) {
    throw new AppError("conflict", "This email already has an account and cannot be invited.", {
      email: ["already has an account"],
    });
  }
  await revokeAllUserSessions(existing!.id, { now, tx });
  const [reused] = await tx
    .update(users)
    .set({ passwordHash: null, ...(name ? { name } : {}) })
    .where(eq(users.id, existing!.id))
    .returning({ id: users.id, email: users.email, name: users.name });
  return reused!;
}

/**
 * Invites someone to the partner: an account without a password and a one-time set-password
 * token (72 hours), returned once for the owner to hand over as a link. `clientId` is for
 * client-role users, pinned to one of the partner's clients.
 */
export async function inviteMember(
  { partnerId }: PartnerScope,
  {
    email,
    name,
    role,
    clientId = null,
    actor,
    now = new Date(),
  }: {
    email: string;
    name?: string | null;
    role: MembershipRole;
    clientId?: string | null;
    actor: Actor;
    now?: Date;
  },
): Promise<{ member: Member; setPasswordToken: string }> {
  const normalised = normaliseEmail(email);
  return getDb().transaction(async (tx) => {
    await checkClientFor(tx, partnerId, role, clientId);
    const user = await accountForInvite(tx, normalised, name?.trim() || null, now);
    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, partnerId, role, clientId })
      .returning();
    const setPasswordToken = await issuePasswordToken(tx, {
      userId: user.id,
      purpose: "invite",
      now,
    });
    await recordAudit(
      {
        partnerId,
        actor,
        action: "user.invited",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email, role, ...(clientId ? { clientId } : {}) },
      },
      tx,
    );
    return {
      member: {
        userId: user.id,
        email: user.email,
        name: user.name,
        role,
        clientId,
        hasPassword: false,
        createdAt: membership!.createdAt,
      },
      setPasswordToken,
    };
  });
}

/**
 * A new set-password link for an invited user who has not set a password yet (the old link
 * stops working). Users with a password change it themselves on their account page.
 */
export async function reissueInvite(
  { partnerId }: PartnerScope,
  { userId, actor, now = new Date() }: { userId: string; actor: Actor; now?: Date },
): Promise<{ email: string; setPasswordToken: string }> {
  return getDb().transaction(async (tx) => {
    const [member] = await tx
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.partnerId, partnerId), eq(memberships.userId, userId)))
      .for("update", { of: users });
    if (!member) throw new AppError("not_found", "User not found.");
    if (member.hasPassword) {
      throw new AppError("conflict", "This user has already set a password.");
    }
    const setPasswordToken = await issuePasswordToken(tx, { userId, purpose: "invite", now });
    await recordAudit(
      {
        partnerId,
        actor,
        action: "user.invite_reissued",
        targetType: "user",
        targetId: userId,
        after: { email: member.email },
      },
      tx,
    );
    return { email: member.email, setPasswordToken };
  });
}

/** Locks the partner's memberships, so two owners demoting each other cannot leave none. */
async function lockMembers(tx: Tx, partnerId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.partnerId, partnerId))
    .for("update");
}

export async function changeMemberRole(
  { partnerId }: PartnerScope,
  { userId, role, actor }: { userId: string; role: InvitableRole; actor: Actor },
) {
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
export async function removeMember(
  { partnerId }: PartnerScope,
  { userId, actor }: { userId: string; actor: Actor },
) {
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
    // An unused invitation link must not outlive the membership it was for.
    await tx
      .update(passwordTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
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
