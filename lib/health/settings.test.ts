import { describe, expect, it } from "vitest";
import { resolveHealthSettings } from "./settings";
import { defaultHealthSettings } from "./types";

describe("resolveHealthSettings", () => {
  it("defaults to warning on day 10, critical on day 13 and the expected disconnect on day 14", () => {
    expect(resolveHealthSettings()).toEqual(defaultHealthSettings);
    expect(defaultHealthSettings).toMatchObject({
      inactivityWarningDays: 10,
      inactivityCriticalDays: 13,
      expectedDisconnectDays: 14,
    });
  });

  it("keeps the defaults for what a partner did not set", () => {
    expect(resolveHealthSettings({ inactivityWarningDays: "7" })).toEqual({
      ...defaultHealthSettings,
      inactivityWarningDays: 7,
    });
  });

  it("refuses a warning day after the critical day", () => {
    expect(() => resolveHealthSettings({ inactivityWarningDays: 13 })).toThrow(
      /inactivity warning must come before/,
    );
  });

  it("refuses non-positive numbers", () => {
    expect(() => resolveHealthSettings({ historyChunkWaitMinutes: 0 })).toThrow();
  });
});
