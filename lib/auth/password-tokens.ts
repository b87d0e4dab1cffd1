import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { type PasswordTokenPurpose, passwordTokens, users } from "@/db/schema";
import { randomToken, sha256Hex } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password";
import { revokeAllUserSessions } from "./sessions";

/** How long a set-password link works. */
export const PASSWORD_TOKEN_TTL_MS = 72 * 60 * 60_000;

/** The page a set-password link opens; the token is the only key to it. */
export function setPasswordUrl(appUrl: string, token: string) {
  return new URL(`/set-password/${token}`, appUrl).toString();
}

/**
 * Issues a one-time set-password token for the user (any earlier unused one stops working).
 * Only its SHA-256 is stored; the token itself is returned once, to be put in a link.
 */
export async function issuePasswordToken(
  tx: Tx,
  {
    userId,
    purpose,
    now = new Date(),
  }: { userId: string; purpose: PasswordTokenPurpose; now?: Date },
) {
  await tx
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  const token = randomToken(32);
  await tx.insert(passwordTokens).values({
    userId,
    purpose,
    tokenHash: sha256Hex(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS),
  });
  return token;
}

export type PasswordTokenStatus =
  | { status: "valid"; email: string; purpose: PasswordTokenPurpose }
  | { status: "expired" | "used" | "unknown" };

/** What a set-password link is worth, without using it (for the page that shows the form). */
export async function inspectPasswordToken(
  token: string,
  now = new Date(),
): Promise<PasswordTokenStatus> {
  if (!/^[\w-]{20,100}$/.test(token)) return { status: "unknown" };
  const [row] = await getDb()
    .select({
      usedAt: passwordTokens.usedAt,
      expiresAt: passwordTokens.expiresAt,
      purpose: passwordTokens.purpose,
      email: users.email,
    })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(eq(passwordTokens.tokenHash, sha256Hex(token)))
    .limit(1);
  if (!row) return { status: "unknown" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt <= now) return { status: "expired" };
  return { status: "valid", email: row.email, purpose: row.purpose };
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  return null;
}

const tokenMessages = {
  expired: "This link has expired (links work for 72 hours). Ask an owner for a new one.",
  used: "This link was already used. Sign in with your password, or ask an owner for a new link.",
  unknown:
    "This link is not valid. Check that you copied all of it, or ask an owner for a new one.",
} as const;

export function passwordTokenMessage(status: "expired" | "used" | "unknown") {
  return tokenMessages[status];
}

/**
 * Sets the password through a one-time link. The token is spent in the same statement that checks
 * it (so two tabs cannot both use it); every existing session of the user ends.
 */
export async function setPasswordWithToken({
  token,
  password,
  now = new Date(),
}: {
  token: string;
  password: string;
  now?: Date;
}): Promise<{ email: string }> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("unprocessable", problem, { password: [problem] });
  // Hash before the transaction: it takes a while and needs no lock.
  const passwordHash = await hashPassword(password);
  const email = await getDb().transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordTokens.tokenHash, sha256Hex(token)),
          isNull(passwordTokens.usedAt),
          gt(passwordTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordTokens.userId });
    if (!spent) return null;
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, spent.userId))
      .returning({ email: users.email });
    await revokeAllUserSessions(spent.userId, { now, tx });
    return user!.email;
  });
  if (email) return { email };
  const { status } = await inspectPasswordToken(token, now);
  const reason = status === "valid" ? "unknown" : status;
  throw new AppError("gone", passwordTokenMessage(reason));
}
