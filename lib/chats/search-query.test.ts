import { describe, expect, it } from "vitest";
import { toPrefixTsquery } from "./search-query";

describe("search query", () => {
  it("matches every word and number as a prefix", () => {
    expect(toPrefixTsquery("+44 7700")).toBe("44:* & 7700:*");
    expect(toPrefixTsquery("Ana  O'Neil")).toBe("ana:* & o:* & neil:*");
  });

  it("keeps letters of any script and drops tsquery operators", () => {
    expect(toPrefixTsquery("José & (müller) | !x")).toBe("josé:* & müller:* & x:*");
  });

  it("gives nothing to search for blank or punctuation-only input", () => {
    expect(toPrefixTsquery("  ")).toBeNull();
    expect(toPrefixTsquery("&|!:*")).toBeNull();
  });
});
