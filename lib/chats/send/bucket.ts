import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * The coexistence throughput cap (Meta: 20 messages per second per number, error 130429 above
 * it) as a token bucket per channel in Postgres, shared by every app instance: up to `capacity`
 * tokens, refilled at `capacity` per second. One atomic upsert takes a token when one is there
 * (the row lock serialises concurrent senders); nothing is written when none is.
 * `now` is the real clock (never the sandbox clock); tests pass it to stay deterministic.
 */
export async function takeSendToken({
  channelId,
  capacity,
  now = new Date(),
}: {
  channelId: string;
  capacity: number;
  now?: Date;
}): Promise<TakeResult> {
  const db = getDb();
  const at = now.toISOString();
  // Tokens available at `now`: what was left plus the refill since, capped. A refilled_at ahead
  // of `now` (another instance's clock slightly ahead) refills nothing rather than going negative.
  const available = sql`least(${capacity}::float8, send_buckets.tokens + greatest(0, extract(epoch from (${at}::timestamptz - send_buckets.refilled_at))) * ${capacity}::float8)`;
  const taken = rowsOf<{ tokens: number }>(
    await db.execute(sql`
      insert into send_buckets (channel_id, tokens, refilled_at)
      values (${channelId}, ${capacity - 1}::float8, ${at}::timestamptz)
      on conflict (channel_id) do update set
        tokens = ${available} - 1,
        refilled_at = greatest(send_buckets.refilled_at, ${at}::timestamptz)
      where ${available} >= 1
      returning tokens`),
  );
  if (taken.length > 0) return { allowed: true };
  const [state] = rowsOf<{ tokens: number; ahead_ms: number }>(
    await db.execute(sql`
      select ${available} as tokens,
        greatest(0, extract(epoch from (send_buckets.refilled_at - ${at}::timestamptz)) * 1000) as ahead_ms
      from send_buckets where channel_id = ${channelId}`),
  );
  const missing = 1 - Number(state?.tokens ?? 0);
  const retryAfterMs = Math.ceil((missing / capacity) * 1000 + Number(state?.ahead_ms ?? 0));
  return { allowed: false, retryAfterMs: Math.max(1, retryAfterMs) };
}
