import { describe, expect, it } from "vitest";
import {
  generateContacts,
  generateHistoryMessages,
  HISTORY_CHUNK_MESSAGES,
  HISTORY_MAX_CHUNK_MESSAGES,
  MEDIA_FOLLOWUP_DAYS,
  mediaFollowUps,
  phaseOf,
  planHistoryChunks,
} from "./history";

const DAY = 86_400;
const until = 1_795_000_000;
const business = "5511900000000";

function history(seed = "106540352242922", days = 180) {
  const contacts = generateContacts(seed, "BR", 12);
  return generateHistoryMessages({ seed, businessNumber: business, contacts, days, until });
}

describe("the generated chat history", () => {
  it("is the same every time for one number, and different for another", () => {
    expect(history()).toEqual(history());
    expect(history("other").map((m) => m.id)).not.toEqual(history().map((m) => m.id));
  });

  it("stays within the requested days and never after onboarding", () => {
    const messages = history("x", 30);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.timestamp).toBeLessThanOrEqual(until);
      expect(until - m.timestamp).toBeLessThanOrEqual(30 * DAY + 3600 * 7);
    }
  });

  it("holds both directions, with `to` only on what the business sent", () => {
    const messages = history();
    const fromBusiness = messages.filter((m) => m.from === business);
    const fromCustomers = messages.filter((m) => m.from !== business);
    expect(fromBusiness.length).toBeGreaterThan(0);
    expect(fromCustomers.length).toBeGreaterThan(0);
    expect(fromBusiness.every((m) => m.to === m.threadId)).toBe(true);
    expect(fromCustomers.every((m) => m.to === undefined)).toBe(true);
  });

  it("has media placeholders, with follow-ups only for the last 14 days", () => {
    const messages = history();
    const placeholders = messages.filter((m) => m.type === "media_placeholder");
    expect(placeholders.length).toBeGreaterThan(0);
    const followUps = mediaFollowUps(messages, until);
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((m) => until - m.timestamp <= MEDIA_FOLLOWUP_DAYS * DAY)).toBe(true);
    expect(followUps.length).toBeLessThan(placeholders.length);
  });

  it("is cut into chunks by phase, in order, with progress rising to 100", () => {
    const messages = history();
    const plans = planHistoryChunks(messages, until, 10);
    expect(plans.map((p) => p.phase)).toEqual([...plans.map((p) => p.phase)].sort());
    const progress = plans.map((p) => p.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    expect(progress.filter((p) => p === 100)).toHaveLength(1);
    for (const plan of plans) {
      for (const thread of plan.threads) {
        for (const m of thread.messages) expect(phaseOf(until - m.timestamp)).toBe(plan.phase);
      }
    }
    const count = plans.flatMap((p) => p.threads.flatMap((t) => t.messages)).length;
    expect(count).toBe(messages.length);
    for (const phase of [0, 1, 2]) {
      const orders = plans.filter((p) => p.phase === phase).map((p) => p.chunkOrder);
      expect(orders).toEqual(orders.map((_, i) => i + 1));
    }
  });

  it("sends one empty, complete chunk when there is nothing to share", () => {
    expect(planHistoryChunks([], until)).toEqual([
      { phase: 0, chunkOrder: 1, progress: 100, threads: [] },
    ]);
  });

  it("assigns phases 0, 1 and 2 at one and ninety days", () => {
    expect(phaseOf(0)).toBe(0);
    expect(phaseOf(DAY - 1)).toBe(0);
    expect(phaseOf(DAY)).toBe(1);
    expect(phaseOf(90 * DAY - 1)).toBe(1);
    expect(phaseOf(90 * DAY)).toBe(2);
  });
});

// Generous timeouts: tens of thousands of messages on a shared CI machine.
describe("a busy business's history (messages per day)", { timeout: 60_000 }, () => {
  const seed = "106540352242999";
  const contacts = generateContacts(seed, "BR", 2_000);
  const big = (days = 180) =>
    generateHistoryMessages({
      seed,
      businessNumber: business,
      contacts,
      days,
      until,
      messagesPerDay: 100,
    });
  const messages = big();

  it("holds exactly messages per day × days, the same every time, with unique ids", () => {
    expect(messages).toHaveLength(18_000);
    expect(big(10)).toHaveLength(1_000);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    const again = big();
    expect(again.map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(again.at(-1)).toEqual(messages.at(-1));
  });

  it("spreads over many contacts and all three phases, never after onboarding", () => {
    expect(new Set(messages.map((m) => m.threadId)).size).toBeGreaterThan(1_500);
    const phases = [0, 0, 0];
    for (const m of messages) {
      expect(m.timestamp).toBeLessThanOrEqual(until);
      phases[phaseOf(until - m.timestamp)]!++;
    }
    expect(phases.every((n) => n > 500)).toBe(true);
  });

  it("is cut into chunks of the asked size (40 by default), every message once", () => {
    expect(planHistoryChunks(history(), until)[0]!.threads.flatMap((t) => t.messages).length).toBe(
      Math.min(HISTORY_CHUNK_MESSAGES, history().filter((m) => until - m.timestamp < DAY).length),
    );
    const plans = planHistoryChunks(messages, until, 500);
    const sizes = plans.map((p) => p.threads.reduce((n, t) => n + t.messages.length, 0));
    // Per phase, every chunk is full but the phase's last one.
    for (const phase of [0, 1, 2]) {
      const inPhase = plans.flatMap((p, i) => (p.phase === phase ? [sizes[i]!] : []));
      expect(inPhase.slice(0, -1).every((n) => n === 500)).toBe(true);
      expect(inPhase.at(-1)).toBeGreaterThan(0);
      expect(inPhase.at(-1)).toBeLessThanOrEqual(500);
    }
    const ids = plans.flatMap((p) => p.threads.flatMap((t) => t.messages.map((m) => m.id)));
    expect(ids).toHaveLength(messages.length);
    expect(new Set(ids).size).toBe(messages.length);
    const progress = plans.map((p) => p.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.filter((p) => p === 100)).toHaveLength(1);
    // Sizes beyond what a webhook may carry are capped.
    const capped = planHistoryChunks(messages, until, 1_000_000);
    expect(capped[0]!.threads.reduce((n, t) => n + t.messages.length, 0)).toBeLessThanOrEqual(
      HISTORY_MAX_CHUNK_MESSAGES,
    );
  });
});
