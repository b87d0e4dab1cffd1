import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { memberships, users } from "@/db/schema";
import { createPartner, createUser, uniqueId } from "@/db/testing/factories";
import { verifyPassword } from "@/lib/auth/password";
import { userActor } from "./actor";
import { listAuditEntries } from "./audit";
import { changeMemberRole, inviteMember, listMembers, removeMember } from "./users";

async function ownerOf() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  return { partner, owner, actor: userActor({ userId: owner.id, email: owner.email }) };
}

describe("users and roles", () => {
  it("an invitation creates a member whose one-time password works, and is audited", async () => {
    const { partner, actor } = await ownerOf();
    const email = `${uniqueId("Invitee")}@Example.test`;
    const { member, oneTimePassword } = await inviteMember({
      partnerId: partner.id,
      email,
      role: "member",
      actor,
    });
    expect(member).toMatchObject({ email: email.toLowerCase(), role: "member" });
    const [user] = await getDb().select().from(users).where(eq(users.id, member.userId));
    expect(await verifyPassword(oneTimePassword, user!.passwordHash)).toBe(true);
    expect(user!.passwordHash).not.toContain(oneTimePassword);
    const { entries } = await listAuditEntries({
      partnerId: partner.id,
      filter: { action: "user.invited" },
    });
    expect(entries[0]).toMatchObject({
      actorType: "user",
      after: { email: email.toLowerCase(), role: "member" },
    });
    expect(JSON.stringify(entries)).not.toContain(oneTimePassword);
  });

  it("an email that already has an account is refused and nothing is created", async () => {
    const { partner, actor, owner } = await ownerOf();
    await expect(
      inviteMember({ partnerId: partner.id, email: owner.email, role: "member", actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await listMembers({ partnerId: partner.id })).toHaveLength(1);
  });

  it("the last owner can neither be removed nor demoted; with two owners one may go", async () => {
    const { partner, owner, actor } = await ownerOf();
    await expect(
      removeMember({ partnerId: partner.id, userId: owner.id, actor }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "The last owner cannot be removed.",
    });
    await expect(
      changeMemberRole({ partnerId: partner.id, userId: owner.id, role: "member", actor }),
    ).rejects.toMatchObject({ code: "conflict" });
    const second = await createUser(partner.id, "member");
    await changeMemberRole({ partnerId: partner.id, userId: second.id, role: "owner", actor });
    await removeMember({ partnerId: partner.id, userId: owner.id, actor });
    const members = await listMembers({ partnerId: partner.id });
    expect(members.map((m) => [m.userId, m.role])).toEqual([[second.id, "owner"]]);
    const { entries } = await listAuditEntries({ partnerId: partner.id });
    expect(entries.map((e) => e.action)).toEqual(["user.removed", "user.role_changed"]);
  });

  it("another partner gets nothing: no listing, no role change, no removal", async () => {
    const a = await ownerOf();
    const b = await ownerOf();
    const member = await createUser(a.partner.id, "member");
    expect((await listMembers({ partnerId: b.partner.id })).map((m) => m.userId)).toEqual([
      b.owner.id,
    ]);
    await expect(
      changeMemberRole({
        partnerId: b.partner.id,
        userId: member.id,
        role: "owner",
        actor: b.actor,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      removeMember({ partnerId: b.partner.id, userId: member.id, actor: b.actor }),
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
