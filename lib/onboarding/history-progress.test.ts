import { describe, expect, it } from "vitest";
import {
  HISTORY_PATIENCE_MS,
  type HistoryChunkFact,
  shouldContinue,
  summariseHistory,
} from "./history-progress";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute));
const chunk = (phase: number, progress: number, messageCount: number, minute: number) =>
  ({ phase, progress, messageCount, receivedAt: at(minute) }) satisfies HistoryChunkFact;

describe("the history import summary", () => {
  it("waits while nothing came", () => {
    expect(summariseHistory({ chunks: [], declinedAt: null })).toEqual({
      state: "waiting",
      progress: 0,
      phases: [],
      messages: 0,
      lastReceivedAt: null,
    });
  });

  it("takes the highest progress whatever the arrival order, and groups phases oldest-last", () => {
    const summary = summariseHistory({
      chunks: [chunk(2, 90, 10, 3), chunk(0, 20, 5, 1), chunk(1, 55.5, 7, 2), chunk(1, 40, 3, 4)],
      declinedAt: null,
    });
    expect(summary.state).toBe("importing");
    expect(summary.progress).toBe(90);
    expect(summary.messages).toBe(25);
    expect(summary.lastReceivedAt).toBe(at(4).toISOString());
    expect(summary.phases).toEqual([
      { phase: 0, label: "The last 24 hours", chunks: 1, messages: 5 },
      { phase: 1, label: "1 to 90 days ago", chunks: 2, messages: 10 },
      { phase: 2, label: "90 to 180 days ago", chunks: 1, messages: 10 },
    ]);
  });

  it("is complete at progress 100, even with no message (an empty history)", () => {
    expect(summariseHistory({ chunks: [chunk(0, 100, 0, 1)], declinedAt: null })).toMatchObject({
      state: "complete",
      progress: 100,
    });
  });

  it("is declined on 2593109, unless the import nevertheless finished", () => {
    expect(summariseHistory({ chunks: [], declinedAt: at(2) })).toMatchObject({
      state: "declined",
      lastReceivedAt: at(2).toISOString(),
    });
    expect(summariseHistory({ chunks: [chunk(0, 40, 3, 1)], declinedAt: at(2) }).state).toBe(
      "declined",
    );
    expect(summariseHistory({ chunks: [chunk(0, 100, 3, 1)], declinedAt: at(2) }).state).toBe(
      "complete",
    );
  });
});

describe("moving on to the partner", () => {
  const connectedAt = at(0);
  const later = (ms: number) => new Date(connectedAt.getTime() + ms);

  it("happens at once when the import ended", () => {
    const complete = summariseHistory({ chunks: [chunk(0, 100, 1, 0)], declinedAt: null });
    const declined = summariseHistory({ chunks: [], declinedAt: connectedAt });
    expect(shouldContinue({ summary: complete, connectedAt, now: later(1) })).toBe(true);
    expect(shouldContinue({ summary: declined, connectedAt, now: later(1) })).toBe(true);
  });

  it("waits while history may still come, then gives up after the patience with no news", () => {
    const waiting = summariseHistory({ chunks: [], declinedAt: null });
    expect(shouldContinue({ summary: waiting, connectedAt, now: later(60_000) })).toBe(false);
    expect(shouldContinue({ summary: waiting, connectedAt, now: later(HISTORY_PATIENCE_MS) })).toBe(
      true,
    );
  });

  it("counts the patience from the latest chunk while the import moves", () => {
    const moving = summariseHistory({ chunks: [chunk(1, 50, 4, 3)], declinedAt: null });
    const justAfterPatience = later(HISTORY_PATIENCE_MS + 1);
    expect(shouldContinue({ summary: moving, connectedAt, now: justAfterPatience })).toBe(false);
    expect(
      shouldContinue({
        summary: moving,
        connectedAt,
        now: new Date(at(3).getTime() + HISTORY_PATIENCE_MS),
      }),
    ).toBe(true);
  });
});
