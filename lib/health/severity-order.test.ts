import { describe, expect, it } from "vitest";
import { sortByWorstSeverity } from "./severity-order";
import type { Severity } from "./types";

describe("sortByWorstSeverity", () => {
  it("puts critical channels first, then warnings, then information, then healthy ones, keeping ties in order", () => {
    const worst: Record<string, Severity | null> = {
      a: null,
      b: "info",
      c: "critical",
      d: "warning",
      e: "critical",
    };
    const rows = ["a", "b", "c", "d", "e"].map((id) => ({ id }));
    expect(sortByWorstSeverity(rows, (id) => worst[id] ?? null).map((r) => r.id)).toEqual([
      "c",
      "e",
      "d",
      "b",
      "a",
    ]);
  });
});
