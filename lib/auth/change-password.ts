import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "./password";
import { passwordProblem } from "./password-tokens";
import { hitRateLimit, minutesFromNow, peekRateLimit, resetRateLimit } from "./rate-limit";
import { revokeAllUserSessions } from "./sessions";

// A stolen session must not become a way to guess the password at full speed.
const wrongCurrentPassword = { scope: "password_change.user", limit: 5, windowMs: 15 * 60_000 };

/**
 * A signed-in user changes their own password: the current one is required, and every other
 * session of the user ends (the one making the change stays signed in).
 */
export async function changePassword({
  userId,
  currentPassword,
  newPassword,
  keepSessionId,
  now = new Date(),
}: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  keepSessionId?: string | null;
  now?: Date;
}) {
  const gate = await peekRateLimit(wrongCurrentPassword, userId, { now });
  if (!gate.allowed) {
    throw new AppError(
      "rate_limited",
      `Too many wrong passwords. Try again in ${minutesFromNow(gate.retryAfterMs)}.`,
    );
  }
  const problem = passwordProblem(newPassword);
  if (problem) throw new AppError("unprocessable", problem, { newPassword: [problem] });
  const [user] = await getDb()
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!(await verifyPassword(currentPassword, user?.passwordHash))) {
    await hitRateLimit(wrongCurrentPassword, userId, { now });
    throw new AppError("unprocessable", "The current password is not right.", {
      currentPassword: ["is not right"],
    });
  }
  await resetRateLimit(wrongCurrentPassword, userId);
  const passwordHash = await hashPassword(newPassword);
  await getDb().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await revokeAllUserSessions(userId, { except: keepSessionId ?? undefined, now, tx });
  });
}
