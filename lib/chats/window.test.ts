import { describe, expect, it } from "vitest";
import { formatTimeLeft, opensServiceWindow, serviceWindowBands, windowStateAt } from "./window";

const onboarded = new Date("2026-01-10T00:00:00Z");
const at = (iso: string) => new Date(iso);
const msg = (id: string, origin: string, iso: string, type = "text") => ({
  id,
  origin,
  type,
  sentAt: at(iso),
});

describe("service window", () => {
  it("opens only on a customer message sent after onboarding", () => {
    expect(opensServiceWindow(msg("a", "customer", "2026-01-10T01:00:00Z"), onboarded)).toBe(true);
    expect(opensServiceWindow(msg("b", "customer", "2026-01-09T23:00:00Z"), onboarded)).toBe(false);
  });

  it("never opens on history, echoes of the app or API sends", () => {
    for (const origin of ["history", "app", "api"]) {
      expect(opensServiceWindow(msg("x", origin, "2026-01-11T00:00:00Z"), onboarded)).toBe(false);
    }
  });

  it("does not open on system messages, edits, revokes or status-only stubs", () => {
    for (const type of ["system", "edit", "revoke", "unknown"]) {
      expect(
        opensServiceWindow(msg("x", "customer", "2026-01-11T00:00:00Z", type), onboarded),
      ).toBe(false);
    }
  });

  it("is reset by each customer message and closes 24 hours after the last one", () => {
    const bands = serviceWindowBands(
      [
        msg("m1", "customer", "2026-01-11T00:00:00Z"),
        msg("e1", "app", "2026-01-11T20:00:00Z"),
        msg("m2", "customer", "2026-01-11T23:00:00Z"),
        msg("m3", "customer", "2026-01-14T00:00:00Z"),
      ],
      onboarded,
    );
    expect(bands).toEqual([
      {
        openedById: "m1",
        openedAt: at("2026-01-11T00:00:00Z"),
        lastResetById: "m2",
        closesAt: at("2026-01-12T23:00:00Z"),
      },
      {
        openedById: "m3",
        openedAt: at("2026-01-14T00:00:00Z"),
        lastResetById: "m3",
        closesAt: at("2026-01-15T00:00:00Z"),
      },
    ]);
  });

  it("ignores app replies: they neither open nor extend the window", () => {
    const bands = serviceWindowBands(
      [msg("m1", "customer", "2026-01-11T00:00:00Z"), msg("e1", "app", "2026-01-11T23:59:00Z")],
      onboarded,
    );
    expect(bands).toHaveLength(1);
    expect(bands[0]?.closesAt).toEqual(at("2026-01-12T00:00:00Z"));
  });

  it("is open with the time left until 24 hours after the last customer message, then closed", () => {
    const last = at("2026-01-11T00:00:00Z");
    expect(windowStateAt(last, at("2026-01-11T18:30:00Z"))).toEqual({
      open: true,
      closesAt: at("2026-01-12T00:00:00Z"),
      msLeft: 5.5 * 3600_000,
    });
    expect(windowStateAt(last, at("2026-01-12T00:00:00Z"))).toEqual({
      open: false,
      closedAt: at("2026-01-12T00:00:00Z"),
    });
    expect(windowStateAt(null, at("2026-01-12T00:00:00Z"))).toEqual({
      open: false,
      closedAt: null,
    });
  });

  it("formats the time left in hours and minutes", () => {
    expect(formatTimeLeft(5.5 * 3600_000)).toBe("5 h 30 min left");
    expect(formatTimeLeft(59_000)).toBe("0 min left");
  });
});
