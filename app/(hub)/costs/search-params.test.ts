import { describe, expect, it } from "vitest";
import { parseCostsSearch } from "./search-params";

const now = new Date("2026-12-04T15:00:00Z");

describe("the costs page's search params", () => {
  it("reads a preset range", () => {
    expect(parseCostsSearch({ range: "7d" }, now)).toMatchObject({
      from: "2026-11-28",
      to: "2026-12-04",
      preset: "7d",
    });
  });

  it("reads a custom range, both days inclusive", () => {
    expect(parseCostsSearch({ from: "2026-11-01", to: "2026-11-30" }, now)).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-30",
      toExclusive: "2026-12-01",
      preset: null,
    });
  });

  it("falls back to the last 30 days on a bad value, as the console lists do", () => {
    const fallback = { from: "2026-11-05", to: "2026-12-04", preset: "30d" };
    expect(parseCostsSearch({}, now)).toMatchObject(fallback);
    expect(parseCostsSearch({ range: "1y" }, now)).toMatchObject(fallback);
    expect(parseCostsSearch({ from: "yesterday", to: "2026-11-30" }, now)).toMatchObject(fallback);
    expect(parseCostsSearch({ from: "2026-13-01", to: "2026-11-30" }, now)).toMatchObject(fallback);
    expect(parseCostsSearch({ from: "2026-12-01", to: "2026-11-01" }, now)).toMatchObject(fallback);
  });

  it("keeps a good preset when the custom days are bad", () => {
    expect(parseCostsSearch({ range: "90d", from: "nope", to: "2026-11-30" }, now)).toMatchObject({
      preset: "90d",
    });
  });
});
