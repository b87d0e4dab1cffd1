import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { findUserForSignIn } from "@/lib/partners/users";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import { createUserSession } from "./sessions";
import {
  checkSignInAllowed,
  failureDelayMs,
  recordFailedSignIn,
  recordSuccessfulSignIn,
} from "./sign-in-throttle";

export type SignedInUser = {
  id: string;
  email: string;
  name: string | null;
  partnerId: string;
  role: "owner" | "member" | "client";
  sessionId: string;
};

export type AuthenticateResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One sign-in attempt: the throttle first (no hashing work for a locked account or address),
 * then the password, then a session row the cookie will point at. A bcrypt hash from before is
 * replaced by scrypt now that we hold the right password.
 */
export async function authenticate({
  email,
  password,
  ip,
  now,
  wait = sleep,
}: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
  /** Holds back the answer after a few failures; tests pass a recorder. */
  wait?: (ms: number) => Promise<unknown>;
}): Promise<AuthenticateResult> {
  const gate = await checkSignInAllowed({ email, ip, now });
  if (!gate.allowed) return { ok: false, reason: "throttled", retryAfterMs: gate.retryAfterMs };

  const user = await findUserForSignIn(email);
  // verifyPassword hashes against a dummy when the user is unknown: same cost either way.
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok) {
    const { failures } = await recordFailedSignIn({ email, ip, now });
    const delay = failureDelayMs(failures);
    if (delay > 0) await wait(delay);
    return { ok: false, reason: "invalid" };
  }

  await recordSuccessfulSignIn({ email });
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await rehash(user.id, user.passwordHash, password);
  }
  const sessionId = await createUserSession(user.id);
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      partnerId: user.partnerId,
      role: user.role,
      sessionId,
    },
  };
}

async function rehash(userId: string, oldHash: string, password: string) {
  try {
    const passwordHash = await hashPassword(password);
    // Only if nobody changed the password meanwhile.
    await getDb()
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), eq(users.passwordHash, oldHash)));
  } catch (error) {
    // The sign-in itself succeeded; the next one tries again.
    getLogger().warn({ err: error, userId }, "password rehash failed");
  }
}
