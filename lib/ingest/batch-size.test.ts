import { describe, expect, it } from "vitest";
import { BATCH_SIZE, batchLimit } from "./batch-size";

describe("batchLimit", () => {
  it("claims a full batch of live events (a few KB each) and before anything is known", () => {
    expect(batchLimit(2_000)).toBe(BATCH_SIZE);
    expect(batchLimit(0)).toBe(BATCH_SIZE);
  });

  it("claims a history's chunks (a thousand messages, ~240 KB each) a few at a time", () => {
    expect(batchLimit(240_000)).toBe(8);
  });

  it("claims one event at a time when a single body is over the budget", () => {
    expect(batchLimit(4_000_000)).toBe(1);
  });
});
