import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { rateLimitCounters } from "@/db/schema";
import { uniqueId } from "@/db/testing/factories";
import {
  deleteExpiredRateLimitCounters,
  hitRateLimit,
  peekRateLimit,
  resetRateLimit,
} from "./rate-limit";

const MINUTE = 60_000;
const rule = () => ({ scope: uniqueId("test"), limit: 3, windowMs: 10 * MINUTE });
// The start of a window, so "elapsed" is exact in each test.
const windowStart = new Date(Math.floor(Date.now() / (10 * MINUTE)) * 10 * MINUTE);
const at = (ms: number) => new Date(windowStart.getTime() + ms);

describe("Postgres rate limiter", () => {
  it("allows up to the limit per key, then refuses with the time until it would pass", async () => {
    const r = rule();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(r, "key-a", { now: at(MINUTE) }));
    expect(results.map((s) => s.allowed)).toEqual([true, true, true, false]);
    // The third hit used the last slot: the next would not pass, for the rest of this window
    // and until the previous window's weight has decayed enough in the next one.
    expect(results[2]!.retryAfterMs).toBeGreaterThan(9 * MINUTE);
    expect(await peekRateLimit(r, "key-a", { now: at(MINUTE) })).toMatchObject({ allowed: false });
    // Another key has its own count.
    expect(await hitRateLimit(r, "key-b", { now: at(MINUTE) })).toMatchObject({ allowed: true });
  });

  it("the window slides: counts fade out over the next window instead of resetting at once", async () => {
    const r = rule();
    for (let i = 0; i < 3; i++) await hitRateLimit(r, "k", { now: at(MINUTE) });
    const locked = await peekRateLimit(r, "k", { now: at(2 * MINUTE) });
    expect(locked.allowed).toBe(false);
    // Just after the window ends, the previous count still weighs in almost fully.
    expect((await peekRateLimit(r, "k", { now: at(10 * MINUTE) })).allowed).toBe(false);
    // The promised time has passed: allowed again.
    const later = at(2 * MINUTE + locked.retryAfterMs);
    expect((await peekRateLimit(r, "k", { now: later })).allowed).toBe(true);
    // Two windows on, nothing of it is left.
    expect(await peekRateLimit(r, "k", { now: at(20 * MINUTE) })).toMatchObject({
      allowed: true,
      count: 0,
    });
  });

  it("events just before and just after a window edge all count: the limit holds across it", async () => {
    const r = rule();
    await hitRateLimit(r, "edge", { now: at(10 * MINUTE - 3_000) });
    await hitRateLimit(r, "edge", { now: at(10 * MINUTE - 2_000) });
    // The third, a second after the edge, uses the last slot; the fourth is refused.
    expect(await hitRateLimit(r, "edge", { now: at(10 * MINUTE + 1_000) })).toMatchObject({
      allowed: true,
    });
    const refused = await hitRateLimit(r, "edge", { now: at(10 * MINUTE + 2_000) });
    expect(refused.allowed).toBe(false);
    // And it passes again exactly when promised, not before.
    const promised = 10 * MINUTE + 2_000 + refused.retryAfterMs;
    expect((await peekRateLimit(r, "edge", { now: at(promised - 2_000) })).allowed).toBe(false);
    expect((await peekRateLimit(r, "edge", { now: at(promised) })).allowed).toBe(true);
  });

  it("counts concurrent hits exactly, as several app instances would make them", async () => {
    const r = { ...rule(), limit: 10 };
    const results = await Promise.all(
      Array.from({ length: 15 }, () => hitRateLimit(r, "shared", { now: at(MINUTE) })),
    );
    expect(results.filter((s) => s.allowed)).toHaveLength(10);
  });

  it("reset forgets a key; cleanup deletes old windows; keys are stored hashed", async () => {
    const r = rule();
    await hitRateLimit(r, "someone@example.test", { now: at(MINUTE) });
    const rows = await getDb()
      .select()
      .from(rateLimitCounters)
      .where(eq(rateLimitCounters.scope, r.scope));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).not.toContain("someone");
    await resetRateLimit(r, "someone@example.test");
    expect((await peekRateLimit(r, "someone@example.test", { now: at(MINUTE) })).count).toBe(0);

    await hitRateLimit(r, "old", { now: at(-3 * 60 * MINUTE) });
    await hitRateLimit(r, "new", { now: at(MINUTE) });
    await deleteExpiredRateLimitCounters({ now: at(MINUTE) });
    const left = await getDb()
      .select()
      .from(rateLimitCounters)
      .where(eq(rateLimitCounters.scope, r.scope));
    expect(left).toHaveLength(1);
  });
});
