import "server-only";
import { normaliseEmail } from "@/lib/partners/users";
import {
  hitRateLimit,
  minutesFromNow,
  peekRateLimit,
  type RateLimitRule,
  resetRateLimit,
} from "./rate-limit";

/**
 * Failed sign-ins are counted per account (the email as typed, known or not, so the answer says
 * nothing about which emails exist) and per IP address. An office behind one address gets more
 * room than one account. The account limit also refuses the right password while it lasts: that
 * is what stops guessing, at the price of an attacker being able to lock an account for a while.
 */
export const signInRules = {
  account: { scope: "sign_in.account", limit: 5, windowMs: 15 * 60_000 },
  ip: { scope: "sign_in.ip", limit: 30, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

type Attempt = { email: string; ip: string; now?: Date };

export type SignInGate = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Whether a sign-in may be tried now (counts nothing). */
export async function checkSignInAllowed({ email, ip, now }: Attempt): Promise<SignInGate> {
  const [account, address] = await Promise.all([
    peekRateLimit(signInRules.account, normaliseEmail(email), { now }),
    peekRateLimit(signInRules.ip, ip, { now }),
  ]);
  if (account.allowed && address.allowed) return { allowed: true };
  return {
    allowed: false,
    retryAfterMs: Math.max(
      account.allowed ? 0 : account.retryAfterMs,
      address.allowed ? 0 : address.retryAfterMs,
    ),
  };
}

/** Counts a failure against the account and the IP; returns the account's failures so far. */
export async function recordFailedSignIn({ email, ip, now }: Attempt) {
  const [account] = await Promise.all([
    hitRateLimit(signInRules.account, normaliseEmail(email), { now }),
    hitRateLimit(signInRules.ip, ip, { now }),
  ]);
  return { failures: Math.round(account.count) };
}

/** A successful sign-in clears the account's failures (not the IP's). */
export async function recordSuccessfulSignIn({ email }: { email: string }) {
  await resetRateLimit(signInRules.account, normaliseEmail(email));
}

/**
 * After a few failures each further answer is held back a little, so scripted guessing slows
 * down before the lock-out: 1 s at the third failure, 2 s at the fourth.
 */
export function failureDelayMs(failures: number) {
  if (failures < 3) return 0;
  return Math.min(1000 * 2 ** (failures - 3), 4000);
}

export function tooManyAttemptsMessage(retryAfterMs: number) {
  return `Too many sign-in attempts. Try again in ${minutesFromNow(retryAfterMs)}.`;
}
