import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { memberships, passwordTokens, users } from "@/db/schema";
import {
  createClient,
  createPartner,
  createUser,
  TEST_PASSWORD,
  uniqueId,
} from "@/db/testing/factories";
import { verifyPassword } from "@/lib/auth/password";
import { inspectPasswordToken } from "@/lib/auth/password-tokens";
import { ownerScope } from "@/lib/auth/testing";
import { userActor } from "./actor";
import { listAuditEntries } from "./audit";
import { changeMemberRole, inviteMember, listMembers, reissueInvite, removeMember } from "./users";

async function ownerOf() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  return { partner, owner, actor: userActor({ userId: owner.id, email: owner.email }) };
}

describe("users and roles", () => {
  it("an invitation creates a member without a password and a set-password token, audited", async () => {
    const { partner, actor } = await ownerOf();
    const email = `${uniqueId("Invitee")}@Example.test`;
    const { member, setPasswordToken } = await inviteMember(ownerScope(partner.id), {
      email,
      role: "member",
      actor,
    });
    expect(member).toMatchObject({
      email: email.toLowerCase(),
      role: "member",
      hasPassword: false,
    });
    const [user] = await getDb().select().from(users).where(eq(users.id, member.userId));
    // No password until the link is used: nothing to hand over, nothing that signs in.
    expect(user!.passwordHash).toBeNull();
    const tokens = await getDb()
      .select()
      .from(passwordTokens)
      .where(eq(passwordTokens.userId, member.userId));
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.tokenHash).not.toContain(setPasswordToken);
    expect(tokens[0]!.expiresAt.getTime() - tokens[0]!.createdAt.getTime()).toBe(72 * 3600_000);
    const { entries } = await listAuditEntries(ownerScope(partner.id), {
      filter: { action: "user.invited" },
    });
    expect(entries[0]).toMatchObject({
      actorType: "user",
      after: { email: email.toLowerCase(), role: "member" },
    });
    expect(JSON.stringify(entries)).not.toContain(setPasswordToken);
  });

  it("a client user is pinned to one of this partner's clients, never another's", async () => {
    const { partner, actor } = await ownerOf();
    const other = await ownerOf();
    const client = await createClient(partner.id);
    const foreign = await createClient(other.partner.id);
    const { member } = await inviteMember(ownerScope(partner.id), {
      email: `${uniqueId("client")}@example.test`,
      role: "client",
      clientId: client.id,
      actor,
    });
    expect(member).toMatchObject({ role: "client", clientId: client.id });
    await expect(
      inviteMember(ownerScope(partner.id), {
        email: `${uniqueId("client")}@example.test`,
        role: "client",
        clientId: foreign.id,
        actor,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      inviteMember(ownerScope(partner.id), {
        email: `${uniqueId("client")}@example.test`,
        role: "client",
        actor,
      }),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect(await listMembers(ownerScope(partner.id))).toHaveLength(2);
  });

  it("a removed user's email can be invited again; the old password no longer signs in", async () => {
    const { partner, actor } = await ownerOf();
    const removed = await createUser(partner.id, "member");
    await removeMember(ownerScope(partner.id), { userId: removed.id, actor });
    expect(await verifyPassword(TEST_PASSWORD, removed.passwordHash)).toBe(true);
    const { member } = await inviteMember(ownerScope(partner.id), {
      email: removed.email,
      role: "owner",
      actor,
    });
    expect(member).toMatchObject({ userId: removed.id, role: "owner", hasPassword: false });
    const [user] = await getDb().select().from(users).where(eq(users.id, removed.id));
    expect(user!.passwordHash).toBeNull();
  });

  it("a new link for a pending invitation replaces the old one; not for users with a password", async () => {
    const { partner, actor, owner } = await ownerOf();
    const { member, setPasswordToken: first } = await inviteMember(ownerScope(partner.id), {
      email: `${uniqueId("pending")}@example.test`,
      role: "member",
      actor,
    });
    const { setPasswordToken: second } = await reissueInvite(ownerScope(partner.id), {
      userId: member.userId,
      actor,
    });
    expect(await inspectPasswordToken(first)).toEqual({ status: "used" });
    expect(await inspectPasswordToken(second)).toMatchObject({ status: "valid" });
    await expect(
      reissueInvite(ownerScope(partner.id), { userId: owner.id, actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    const other = await ownerOf();
    await expect(
      reissueInvite(ownerScope(other.partner.id), { userId: member.userId, actor: other.actor }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("an email that already has an account is refused and nothing is created", async () => {
    const { partner, actor, owner } = await ownerOf();
    await expect(
      inviteMember(ownerScope(partner.id), { email: owner.email, role: "member", actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await listMembers(ownerScope(partner.id))).toHaveLength(1);
  });

  it("the last owner can neither be removed nor demoted; with two owners one may go", async () => {
    const { partner, owner, actor } = await ownerOf();
    await expect(
      removeMember(ownerScope(partner.id), { userId: owner.id, actor }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "The last owner cannot be removed.",
    });
    await expect(
      changeMemberRole(ownerScope(partner.id), { userId: owner.id, role: "member", actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    const second = await createUser(partner.id, "member");
    await changeMemberRole(ownerScope(partner.id), { userId: second.id, role: "owner", actor });
    await removeMember(ownerScope(partner.id), { userId: owner.id, actor });
    const members = await listMembers(ownerScope(partner.id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[second.id, "owner"]]);
    const { entries } = await listAuditEntries(ownerScope(partner.id));
    expect(entries.map((e) => e.action)).toEqual(["user.removed", "user.role_changed"]);
  });

  it("another partner gets nothing: no listing, no role change, no removal", async () => {
    const a = await ownerOf();
    const b = await ownerOf();
    const member = await createUser(a.partner.id, "member");
    expect((await listMembers(ownerScope(b.partner.id))).map((m) => m.userId)).toEqual([
      b.owner.id,
    ]);
    await expect(
      changeMemberRole(ownerScope(b.partner.id), {
        userId: member.id,
        role: "owner",
        actor: b.actor,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      removeMember(ownerScope(b.partner.id), { userId: member.id, actor: b.actor }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const [row] = await getDb()
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, member.id), eq(memberships.partnerId, a.partner.id)));
    expect(row!.role).toBe("member");
  });
});
