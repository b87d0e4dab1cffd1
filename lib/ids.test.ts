import { describe, expect, it } from "vitest";
import { isUuid } from "./ids";

describe("isUuid", () => {
  it("takes any 8-4-4-4-12 hex string, in either case", () => {
    expect(isUuid("0190a6b2-7c1e-7d3a-9f00-1234567890ab")).toBe(true);
    expect(isUuid("0190A6B2-7C1E-7D3A-9F00-1234567890AB")).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000001")).toBe(true);
  });

  it("refuses anything else, including a uuid with more around it", () => {
    for (const value of [
      "",
      "abc",
      "0190a6b2-7c1e-7d3a-9f00-1234567890a",
      "x0190a6b2-7c1e-7d3a-9f00-1234567890ab",
      "0190a6b2-7c1e-7d3a-9f00-1234567890ab:x",
      "0190a6b27c1e7d3a9f001234567890ab",
      "g190a6b2-7c1e-7d3a-9f00-1234567890ab",
    ]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});
