import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { sandboxCodes, sandboxNumbers, sandboxSyncRequests, sandboxTokens } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "../clock";
import { sha256Hex } from "../random";
import { getSandboxNumber } from "./store";

/**
 * Embedded Signup's code and the business token it buys: the phone finishes signup and gets a
 * code, the partner's server redeems it once (GET oauth/access_token), and the token it gets
 * names one WABA. Only hashes of codes and tokens are stored.
 */

/** A signup code is exchangeable for 30 seconds (Meta). */
export const CODE_TTL_MS = 30_000;

/**
 * The business finished Embedded Signup on its phone: the number is connected (onboarded now,
 * syncs allowed again for 24 hours) and a 30-second code is issued for the partner's server.
 */
export async function completeSandboxSignup(input: {
  phoneNumberId: string;
  shareHistory?: boolean;
}) {
  const number = await getSandboxNumber(input.phoneNumberId);
  if (!number.eligible) {
    throw new AppError(
      "conflict",
      "This number is not eligible for the WhatsApp Business app onboarding.",
    );
  }
  const now = await sandboxNow();
  const code = `SBXCODE${randomBytes(24).toString("base64url")}`;
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(sandboxNumbers)
      .set({
        status: "connected",
        onboardedAt: now,
        lastAppActivityAt: now,
        shareHistory: input.shareHistory ?? number.shareHistory,
      })
      .where(eq(sandboxNumbers.phoneNumberId, number.phoneNumberId));
    // Re-onboarding restarts the 24-hour, one-shot syncs.
    await tx
      .delete(sandboxSyncRequests)
      .where(eq(sandboxSyncRequests.phoneNumberId, number.phoneNumberId));
    await tx.insert(sandboxCodes).values({
      codeHash: sha256Hex(code),
      phoneNumberId: number.phoneNumberId,
      issuedAt: now,
    });
  });
  return {
    code,
    waba_id: number.wabaId,
    phone_number_id: number.phoneNumberId,
    business_id: number.businessId,
  };
}

export type CodeExchange =
  | { ok: true; accessToken: string; wabaId: string }
  | { ok: false; reason: "unknown" | "expired" | "used" };

/** Uses a code once, within 30 seconds of sandbox time; issues a business token for its WABA. */
export async function redeemSandboxCode(code: string): Promise<CodeExchange> {
  const db = getDb();
  const now = await sandboxNow();
  const hash = sha256Hex(code);
  const [row] = await db.select().from(sandboxCodes).where(eq(sandboxCodes.codeHash, hash));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (now.getTime() - row.issuedAt.getTime() > CODE_TTL_MS) return { ok: false, reason: "expired" };
  // The conditional update is the guard against two concurrent exchanges of one code.
  const claimed = await db
    .update(sandboxCodes)
    .set({ usedAt: now })
    .where(and(eq(sandboxCodes.codeHash, hash), sql`${sandboxCodes.usedAt} is null`))
    .returning();
  if (claimed.length === 0) return { ok: false, reason: "used" };
  const number = await getSandboxNumber(row.phoneNumberId);
  const accessToken = `SBXEAA${randomBytes(32).toString("base64url")}`;
  await db
    .insert(sandboxTokens)
    .values({ tokenHash: sha256Hex(accessToken), wabaId: number.wabaId });
  return { ok: true, accessToken, wabaId: number.wabaId };
}

/** The WABA a business token was issued for, or undefined. */
export async function wabaOfToken(token: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ wabaId: sandboxTokens.wabaId })
    .from(sandboxTokens)
    .where(eq(sandboxTokens.tokenHash, sha256Hex(token)));
  return row?.wabaId;
}
