import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { createPartner, createUser, TEST_PASSWORD, uniqueId } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { userActor } from "@/lib/partners/actor";
import { inviteMember } from "@/lib/partners/users";
import { authenticate } from "./authenticate";
import { findSessionMembership, revokeUserSession } from "./sessions";
import {
  checkSignInAllowed,
  recordFailedSignIn,
  signInRules,
  tooManyAttemptsMessage,
} from "./sign-in-throttle";

const randomIp = () => `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250)).join(".")}`;

async function member() {
  const partner = await createPartner();
  const user = await createUser(partner.id, "member");
  return { partner, user };
}

describe("sign-in", () => {
  it("after a few wrong passwords the answers slow down, then even the right one is refused", async () => {
    const { user } = await member();
    const ip = randomIp();
    // One minute into a 15-minute window (the limiter's windows are fixed to the epoch).
    const window = signInRules.account.windowMs;
    const now = new Date(Math.floor(Date.now() / window) * window + 60_000);
    const waits: number[] = [];
    const wait = async (ms: number) => waits.push(ms);
    for (let i = 0; i < signInRules.account.limit; i++) {
      const result = await authenticate({ email: user.email, password: "wrong", ip, wait, now });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    expect(waits).toEqual([1000, 2000, 4000]);

    const locked = await authenticate({
      email: user.email,
      password: TEST_PASSWORD,
      ip,
      wait,
      now,
    });
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    const retryAfterMs = locked.ok ? 0 : "retryAfterMs" in locked ? locked.retryAfterMs : 0;
    // The 14 minutes left of this window, then 3 of the next until the five failures, fading,
    // weigh four whole attempts (lib/auth/rate-limit.ts rounds them up).
    expect(retryAfterMs).toBeGreaterThan(16 * 60_000);
    expect(tooManyAttemptsMessage(retryAfterMs)).toBe(
      "Too many sign-in attempts. Try again in 17 minutes.",
    );
    // The same account from another address is locked too (it is the account being guessed).
    expect(
      await authenticate({ email: user.email, password: TEST_PASSWORD, ip: randomIp(), now }),
    ).toMatchObject({ reason: "throttled" });

    // Once the time is up the right password works, and clears the account's failures.
    const later = new Date(now.getTime() + retryAfterMs);
    const ok = await authenticate({ email: user.email, password: TEST_PASSWORD, ip, now: later });
    expect(ok.ok).toBe(true);
    expect(await checkSignInAllowed({ email: user.email, ip, now: later })).toEqual({
      allowed: true,
    });
  });

  it("one address guessing across many accounts is stopped, other addresses are not", async () => {
    const { user } = await member();
    const ip = randomIp();
    for (let i = 0; i < signInRules.ip.limit; i++) {
      await recordFailedSignIn({ email: `${uniqueId("guess")}@example.test`, ip });
    }
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    const elsewhere = await authenticate({
      email: user.email,
      password: TEST_PASSWORD,
      ip: randomIp(),
    });
    expect(elsewhere.ok).toBe(true);
  });

  it("an unknown email is counted like a wrong password (no hint which emails exist)", async () => {
    const ip = randomIp();
    const email = `${uniqueId("nobody")}@example.test`;
    for (let i = 0; i < signInRules.account.limit; i++) {
      await recordFailedSignIn({ email, ip: randomIp() });
    }
    expect(await authenticate({ email, password: "x", ip })).toMatchObject({
      reason: "throttled",
    });
  });

  it("a bcrypt hash from before is replaced by scrypt at the next successful sign-in", async () => {
    const { user } = await member();
    expect(user.passwordHash).toMatch(/^\$2b\$/);
    const first = await authenticate({
      email: user.email,
      password: TEST_PASSWORD,
      ip: randomIp(),
    });
    expect(first.ok).toBe(true);
    const [after] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(after!.passwordHash).toMatch(/^scrypt\$/);
    const second = await authenticate({
      email: user.email,
      password: TEST_PASSWORD,
      ip: randomIp(),
    });
    expect(second.ok).toBe(true);
  });

  it("an invited user who has not set a password cannot sign in with any password", async () => {
    const { partner, user } = await member();
    const { member: invited } = await inviteMember(ownerScope(partner.id), {
      email: `${uniqueId("invitee")}@example.test`,
      role: "member",
      actor: userActor({ userId: user.id, email: user.email }),
    });
    for (const password of ["", "null", TEST_PASSWORD]) {
      expect(await authenticate({ email: invited.email, password, ip: randomIp() })).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("each sign-in gets its own session; signing one out leaves the other", async () => {
    const { partner, user } = await member();
    const a = await authenticate({ email: user.email, password: TEST_PASSWORD, ip: randomIp() });
    const b = await authenticate({ email: user.email, password: TEST_PASSWORD, ip: randomIp() });
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    const lookup = (sessionId: string) =>
      findSessionMembership({ sessionId, userId: user.id, partnerId: partner.id });
    expect(await lookup(a.user.sessionId)).toMatchObject({ userId: user.id, role: "member" });
    await revokeUserSession(a.user.sessionId);
    expect(await lookup(a.user.sessionId)).toBeNull();
    expect(await lookup(b.user.sessionId)).not.toBeNull();
    // A session id is only good for its own user.
    const other = await member();
    expect(
      await findSessionMembership({
        sessionId: b.user.sessionId,
        userId: other.user.id,
        partnerId: other.partner.id,
      }),
    ).toBeNull();
  });
});
