import { describe, expect, it } from "vitest";
import { parseCostRange } from "./cost-range";

const now = new Date("2026-12-04T15:00:00Z");

describe("the Costs page's date range", () => {
  it("is the last 30 days, today included, with every day listed", () => {
    const range = parseCostRange({}, now);
    expect(range).toMatchObject({
      from: "2026-11-05",
      to: "2026-12-04",
      toExclusive: "2026-12-05",
      preset: "30d",
    });
    expect(range.days).toHaveLength(30);
    expect(range.days[0]).toBe("2026-11-05");
    expect(range.days.at(-1)).toBe("2026-12-04");
    expect(range.previous).toEqual({ from: "2026-10-06", toExclusive: "2026-11-05" });
  });

  it("takes a custom from and to, both inclusive", () => {
    const range = parseCostRange({ from: "2026-11-01", to: "2026-11-30" }, now);
    expect(range.days).toHaveLength(30);
    expect(range.preset).toBeNull();
    expect(range.toExclusive).toBe("2026-12-01");
  });

  it("falls back to the default on nonsense or a reversed range", () => {
    expect(parseCostRange({ from: "yesterday", to: "2026-11-30" }, now).preset).toBe("30d");
    expect(parseCostRange({ from: "2026-12-01", to: "2026-11-01" }, now).preset).toBe("30d");
    expect(parseCostRange({ range: "7d" }, now).days).toHaveLength(7);
  });
});
