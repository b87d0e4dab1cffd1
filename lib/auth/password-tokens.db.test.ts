import { describe, expect, it } from "vitest";
import { createPartner, createUser, TEST_PASSWORD, uniqueId } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { userActor } from "@/lib/partners/actor";
import { inviteMember } from "@/lib/partners/users";
import { authenticate } from "./authenticate";
import { changePassword } from "./change-password";
import { inspectPasswordToken, setPasswordWithToken } from "./password-tokens";
import { findSessionMembership } from "./sessions";

const ip = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function invited() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const email = `${uniqueId("invitee")}@example.test`;
  const { member, setPasswordToken } = await inviteMember(ownerScope(partner.id), {
    email,
    role: "member",
    actor: userActor({ userId: owner.id, email: owner.email }),
  });
  return { partner, owner, member, email, token: setPasswordToken };
}

describe("set-password links", () => {
  it("the link sets a password once; the invitee then signs in with it", async () => {
    const { email, token } = await invited();
    expect(await inspectPasswordToken(token)).toEqual({
      status: "valid",
      email,
      purpose: "invite",
    });
    expect(await setPasswordWithToken({ token, password: "a brand new secret" })).toEqual({
      email,
    });
    const signedIn = await authenticate({ email, password: "a brand new secret", ip: ip() });
    expect(signedIn.ok).toBe(true);

    // Used: refused, and the password stays what the invitee chose.
    await expect(
      setPasswordWithToken({ token, password: "an attacker's secret" }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("already used") });
    expect(await inspectPasswordToken(token)).toEqual({ status: "used" });
    expect((await authenticate({ email, password: "an attacker's secret", ip: ip() })).ok).toBe(
      false,
    );
  });

  it("an expired link is refused after 72 hours and says so", async () => {
    const { token } = await invited();
    const later = new Date(Date.now() + 72 * 3600_000 + 1000);
    expect(await inspectPasswordToken(token, later)).toEqual({ status: "expired" });
    await expect(
      setPasswordWithToken({ token, password: "a brand new secret", now: later }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("expired") });
  });

  it("a wrong or mangled token is refused; a too-short password spends nothing", async () => {
    const { token } = await invited();
    for (const wrong of [`${token.slice(0, -2)}xx`, "short", "../../etc/passwd"]) {
      expect(await inspectPasswordToken(wrong)).toEqual({ status: "unknown" });
      await expect(
        setPasswordWithToken({ token: wrong, password: "a brand new secret" }),
      ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("not valid") });
    }
    await expect(setPasswordWithToken({ token, password: "short" })).rejects.toMatchObject({
      code: "unprocessable",
      fieldErrors: { password: ["Use at least 10 characters."] },
    });
    expect(await inspectPasswordToken(token)).toMatchObject({ status: "valid" });
  });

  it("two tabs using one link at once: exactly one sets the password", async () => {
    const { token } = await invited();
    const results = await Promise.allSettled([
      setPasswordWithToken({ token, password: "first secret ok" }),
      setPasswordWithToken({ token, password: "second secret ok" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("changing a password", () => {
  it("needs the current password, then signs out every other session but this one", async () => {
    const partner = await createPartner();
    const user = await createUser(partner.id, "member");
    const here = await authenticate({ email: user.email, password: TEST_PASSWORD, ip: ip() });
    const there = await authenticate({ email: user.email, password: TEST_PASSWORD, ip: ip() });
    if (!here.ok || !there.ok) throw new Error("sign-in failed");

    await expect(
      changePassword({
        userId: user.id,
        currentPassword: "not it",
        newPassword: "a brand new secret",
        keepSessionId: here.user.sessionId,
      }),
    ).rejects.toMatchObject({
      code: "unprocessable",
      fieldErrors: { currentPassword: ["is not right"] },
    });

    await changePassword({
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new secret",
      keepSessionId: here.user.sessionId,
    });
    const lookup = (sessionId: string) =>
      findSessionMembership({ sessionId, userId: user.id, partnerId: partner.id });
    expect(await lookup(here.user.sessionId)).not.toBeNull();
    expect(await lookup(there.user.sessionId)).toBeNull();
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD, ip: ip() })).ok).toBe(
      false,
    );
    expect(
      (await authenticate({ email: user.email, password: "a brand new secret", ip: ip() })).ok,
    ).toBe(true);
  });
});
