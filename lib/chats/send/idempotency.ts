import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { sendIdempotencyKeys } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { AppError } from "@/lib/errors";

/**
 * `Idempotency-Key` on sends, per channel. The first request claims the key (one insert, so two
 * concurrent requests cannot both send), then stores its answer; a retry with the same key and
 * the same body gets that answer again. Refusals that sent nothing (validation, window, cap)
 * release the key, so a retry is judged afresh.
 */

export const IDEMPOTENCY_KEY_MAX = 255;

/** Stable JSON: the same body with keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(body: unknown): string {
  return sha256Hex(canonical(body));
}

export function checkIdempotencyKey(key: string): string {
  const trimmed = key.trim();
  if (!trimmed || trimmed.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new AppError("unprocessable", "The Idempotency-Key is not valid.", {
      "Idempotency-Key": [`1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters, no spaces.`],
    });
  }
  return trimmed;
}

/** A stored answer: the result, or the error (code, message, details) with its HTTP status. */
export type StoredAnswer =
  | { kind: "result"; result: unknown }
  | { kind: "error"; code: string; message: string; details?: unknown };

export type Claim = { claimed: true } | { claimed: false; answer: StoredAnswer };

export async function claimIdempotencyKey({
  channelId,
  key,
  hash,
}: {
  channelId: string;
  key: string;
  hash: string;
}): Promise<Claim> {
  const db = getDb();
  const inserted = await db
    .insert(sendIdempotencyKeys)
    .values({ channelId, key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: sendIdempotencyKeys.key });
  if (inserted.length > 0) return { claimed: true };
  const [row] = await db
    .select()
    .from(sendIdempotencyKeys)
    .where(and(eq(sendIdempotencyKeys.channelId, channelId), eq(sendIdempotencyKeys.key, key)));
  if (!row) return claimIdempotencyKey({ channelId, key, hash }); // released meanwhile
  if (row.requestHash !== hash) {
    throw new AppError(
      "unprocessable",
      "This Idempotency-Key was already used with a different body: use a new key for a new message.",
      { "Idempotency-Key": ["already used with a different body"] },
    );
  }
  if (!row.response && (await takeOverAbandonedClaim(row, hash))) return { claimed: true };
  if (!row.response) {
    throw new AppError(
      "conflict",
      "A request with this Idempotency-Key is still being processed: retry in a moment.",
      undefined,
      { headers: { "Retry-After": "1" } },
    );
  }
  return { claimed: false, answer: row.response as StoredAnswer };
}

/**
 * A send takes seconds at most (the Graph client's timeouts and retries included); a claim older
 * than this without an answer belongs to a process that died.
 */
export const ABANDONED_CLAIM_MS = 2 * 60_000;

/**
 * Takes over a claim whose process died before it stored a message: nothing was sent, so the
 * retry may send. One conditional update, so two retries cannot both take it. A claim that got as
 * far as storing its message keeps answering 409: that message may have reached Meta.
 */
async function takeOverAbandonedClaim(
  row: typeof sendIdempotencyKeys.$inferSelect,
  hash: string,
  now = new Date(),
): Promise<boolean> {
  if (row.messageId || now.getTime() - row.createdAt.getTime() < ABANDONED_CLAIM_MS) return false;
  const taken = await getDb()
    .update(sendIdempotencyKeys)
    .set({ createdAt: now })
    .where(
      and(
        eq(sendIdempotencyKeys.channelId, row.channelId),
        eq(sendIdempotencyKeys.key, row.key),
        eq(sendIdempotencyKeys.requestHash, hash),
        eq(sendIdempotencyKeys.createdAt, row.createdAt),
        sql`${sendIdempotencyKeys.response} is null and ${sendIdempotencyKeys.messageId} is null`,
      ),
    )
    .returning({ key: sendIdempotencyKeys.key });
  return taken.length > 0;
}

export async function linkIdempotencyMessage({
  channelId,
  key,
  messageId,
}: {
  channelId: string;
  key: string;
  messageId: string;
}) {
  await getDb()
    .update(sendIdempotencyKeys)
    .set({ messageId })
    .where(and(eq(sendIdempotencyKeys.channelId, channelId), eq(sendIdempotencyKeys.key, key)));
}

export async function storeIdempotentAnswer({
  channelId,
  key,
  status,
  answer,
}: {
  channelId: string;
  key: string;
  status: number;
  answer: StoredAnswer;
}) {
  await getDb()
    .update(sendIdempotencyKeys)
    .set({ responseStatus: status, response: answer })
    .where(and(eq(sendIdempotencyKeys.channelId, channelId), eq(sendIdempotencyKeys.key, key)));
}

export async function releaseIdempotencyKey({
  channelId,
  key,
}: {
  channelId: string;
  key: string;
}) {
  await getDb()
    .delete(sendIdempotencyKeys)
    .where(
      and(
        eq(sendIdempotencyKeys.channelId, channelId),
        eq(sendIdempotencyKeys.key, key),
        sql`${sendIdempotencyKeys.response} is null`,
      ),
    );
}
