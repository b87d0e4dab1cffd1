import { describe, expect, it } from "vitest";
import { parseOnboardingSearch } from "./search-params";

describe("the onboarding page's search params", () => {
  it("reads the funnel's period and the sessions' page", () => {
    expect(parseOnboardingSearch({ days: "7", page: "3" })).toEqual({ days: 7, page: 3 });
    expect(parseOnboardingSearch({ days: "90" })).toEqual({ days: 90, page: 1 });
  });

  it("defaults to 30 days and page 1", () => {
    expect(parseOnboardingSearch({})).toEqual({ days: 30, page: 1 });
  });

  it("falls back to the default for each bad value, as the console lists do", () => {
    expect(parseOnboardingSearch({ days: "365", page: "-4" })).toEqual({ days: 30, page: 1 });
    expect(parseOnboardingSearch({ days: "seven", page: "many" })).toEqual({ days: 30, page: 1 });
    expect(parseOnboardingSearch({ days: "7", page: "0" })).toEqual({ days: 7, page: 1 });
    expect(parseOnboardingSearch({ page: "2.5" })).toEqual({ days: 30, page: 2 });
  });
});
