import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rateLimitCounters } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";

/**
 * A small Postgres-backed limiter, shared by every app instance (counts in memory would let each
 * instance allow its own share). A sliding window, approximated from two fixed windows as
 * `ceil(previous * (1 - elapsed / window)) + current`: no burst of twice the limit at a window
 * edge, and one row per key and window. The previous window's share is rounded up to whole
 * events, so events just before and just after an edge count fully: five failures in a row lock
 * an account on the fifth even when the edge falls between them. Keys are hashed, so no email or
 * IP address is stored.
 */
export type RateLimitRule = {
  /** Names the counter family, e.g. `sign_in.account`. */
  scope: string;
  /** Events allowed within any window-length span (approximately, see above). */
  limit: number;
  windowMs: number;
};

export type RateLimitState = {
  /** For `peek`: the next event would pass. For `hit`: this event passed. */
  allowed: boolean;
  /** The sliding estimate, including this event for `hit`. */
  count: number;
  /** How long until the next event would pass again; 0 when it would now. */
  retryAfterMs: number;
};

type Options = { now?: Date };

function windows(rule: RateLimitRule, now: Date) {
  const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  return {
    current: new Date(start),
    previous: new Date(start - rule.windowMs),
    elapsed: now.getTime() - start,
  };
}

function keyOf(key: string) {
  return sha256Hex(key);
}

/** The wait until the estimate is below the limit again (so the next event would pass). */
function retryAfter(rule: RateLimitRule, previous: number, current: number, elapsed: number) {
  const { limit, windowMs } = rule;
  if (current >= limit) {
    // Not within this window; in the next one, this window's count decays as the previous
    // until ceil(current * (1 - t / window)) <= limit - 1.
    const intoNext = windowMs * (1 - (limit - 1) / current);
    return Math.ceil(windowMs - elapsed + intoNext) + 1;
  }
  if (previous === 0) return 0;
  // Passes once ceil(previous * (1 - t / window)) <= limit - current - 1.
  const wait = windowMs * (1 - (limit - current - 1) / previous) - elapsed;
  return wait > 0 ? Math.ceil(wait) + 1 : 0;
}

function state(rule: RateLimitRule, previous: number, current: number, elapsed: number) {
  const count = Math.ceil(previous * (1 - elapsed / rule.windowMs)) + current;
  const wait = count >= rule.limit ? retryAfter(rule, previous, current, elapsed) : 0;
  return { count, wait };
}

async function readCounts(rule: RateLimitRule, key: string, now: Date) {
  const w = windows(rule, now);
  const rows = await getDb()
    .select({ windowStart: rateLimitCounters.windowStart, count: rateLimitCounters.count })
    .from(rateLimitCounters)
    .where(
      and(
        eq(rateLimitCounters.scope, rule.scope),
        eq(rateLimitCounters.key, keyOf(key)),
        inArray(rateLimitCounters.windowStart, [w.previous, w.current]),
      ),
    );
  const at = (date: Date) => rows.find((r) => r.windowStart.getTime() === date.getTime())?.count;
  return { ...w, previousCount: at(w.previous) ?? 0, currentCount: at(w.current) ?? 0 };
}

/** Whether the next event would pass, without counting one. */
export async function peekRateLimit(
  rule: RateLimitRule,
  key: string,
  { now = new Date() }: Options = {},
): Promise<RateLimitState> {
  const c = await readCounts(rule, key, now);
  const { count, wait } = state(rule, c.previousCount, c.currentCount, c.elapsed);
  return { allowed: count < rule.limit, count, retryAfterMs: wait };
}

/** Counts one event (one atomic upsert) and says whether it was within the limit. */
export async function hitRateLimit(
  rule: RateLimitRule,
  key: string,
  { now = new Date() }: Options = {},
): Promise<RateLimitState> {
  const w = windows(rule, now);
  const [row] = await getDb()
    .insert(rateLimitCounters)
    .values({ scope: rule.scope, key: keyOf(key), windowStart: w.current, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.scope, rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { count: sql`${rateLimitCounters.count} + 1` },
    })
    .returning({ count: rateLimitCounters.count });
  // The count this hit made (later concurrent hits must not be charged to it).
  const current = row?.count ?? 1;
  const { previousCount } = await readCounts(rule, key, now);
  const { count, wait } = state(rule, previousCount, current, w.elapsed);
  return { allowed: count <= rule.limit, count, retryAfterMs: wait };
}

/** Forgets a key's counts (e.g. an account's failures after a successful sign-in). */
export async function resetRateLimit(rule: RateLimitRule, key: string) {
  await getDb()
    .delete(rateLimitCounters)
    .where(and(eq(rateLimitCounters.scope, rule.scope), eq(rateLimitCounters.key, keyOf(key))));
}

/** Drops windows too old to count (two windows of the longest rule); run by a periodic job. */
export async function deleteExpiredRateLimitCounters({
  now = new Date(),
  maxWindowMs = 60 * 60_000,
}: {
  now?: Date;
  maxWindowMs?: number;
} = {}) {
  await getDb()
    .delete(rateLimitCounters)
    .where(lt(rateLimitCounters.windowStart, new Date(now.getTime() - 2 * maxWindowMs)));
}

/** "3 minutes" / "1 minute": how a person reads a retry-after. */
export function minutesFromNow(ms: number) {
  // A second over a whole minute is not worth another minute in the message.
  const minutes = Math.max(1, Math.ceil((ms - 1000) / 60_000));
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}
