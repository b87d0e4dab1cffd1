import { describe, expect, it } from "vitest";
import {
  countBySeverity,
  countChannelsNeedingAttention,
  describeDisconnectReason,
  describeInitiator,
  evaluateChannelHealth,
  lastAppActivity,
  occurrenceKey,
  sortWarnings,
  summarizeAttention,
  worstSeverity,
} from "./rules";
import type { AccountEvent, ChannelHealthInput, HealthWarning, WarningId } from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const onboardedAt = new Date("2026-11-01T09:00:00.000Z");
const at = (ms: number) => new Date(onboardedAt.getTime() + ms);
const day = (n: number) => at(n * DAY);

/** A healthy coexistence channel: syncs requested and answered, companions re-linked. */
function channel(overrides: Partial<ChannelHealthInput> = {}): ChannelHealthInput {
  return {
    channelId: "ch-1",
    status: "connected",
    coexistence: true,
    onboardedAt,
    lastEchoAt: null,
    appOpenedAcknowledgedAt: null,
    companionsRelinkedAcknowledgedAt: at(HOUR),
    accountEvents: [],
    history: {
      requestedAt: at(60_000),
      firstChunkAt: at(5 * 60_000),
      declinedAt: null,
      completedAt: at(HOUR),
    },
    contacts: { requestedAt: at(60_000), firstChunkAt: at(2 * 60_000) },
    unsupportedMessages: null,
    throughputCapHits: null,
    displayPhoneNumber: "5511987654321",
    countryCode: "BR",
    qualityRating: "GREEN",
    forwardingFailingSince: null,
    ...overrides,
  };
}

function evaluate(input: ChannelHealthInput, now: Date) {
  return evaluateChannelHealth(input, { now });
}
function find(warnings: HealthWarning[], id: WarningId) {
  return warnings.find((w) => w.id === id);
}
function ids(warnings: HealthWarning[]) {
  return warnings.map((w) => w.id);
}

describe("app inactivity (13-day rule)", () => {
  it("says nothing on day 9 after onboarding", () => {
    expect(find(evaluate(channel(), day(9)), "app_inactivity")).toBeUndefined();
  });

  it("warns from day 10, dated at day 10", () => {
    const w = find(evaluate(channel(), day(10)), "app_inactivity");
    expect(w?.severity).toBe("warning");
    expect(w?.since).toEqual(day(10));
  });

  it("still only warns on day 12, one minute before day 13", () => {
    expect(find(evaluate(channel(), at(13 * DAY - 60_000)), "app_inactivity")?.severity).toBe(
      "warning",
    );
  });

  it("turns critical on day 13", () => {
    const w = find(evaluate(channel(), day(13)), "app_inactivity");
    expect(w?.severity).toBe("critical");
    expect(w?.since).toEqual(day(13));
    expect(w?.title).toBe("App not used for 13 days");
  });

  it("expects the disconnection on day 14, as a new occurrence", () => {
    const d13 = find(evaluate(channel(), day(13)), "app_inactivity")!;
    const d14 = find(evaluate(channel(), day(14)), "app_inactivity")!;
    expect(d14.severity).toBe("critical");
    expect(d14.title).toBe("Disconnection expected: app not used");
    expect(d14.message).toContain("PRIMARY_INACTIVITY");
    expect(occurrenceKey(d14)).not.toBe(occurrenceKey(d13));
  });

  it("without any echo says the hub cannot see app use and offers the acknowledgement", () => {
    const w = find(evaluate(channel(), day(10)), "app_inactivity")!;
    expect(w.message).toContain("cannot see the app being opened");
    expect(w.action?.kind).toBe("acknowledge_app_opened");
    expect(w.fact).toEqual({
      text: "Onboarded 2026-11-01 09:00 UTC, no echo since",
      source: "onboarding",
      at: onboardedAt,
    });
  });

  it("counts from the latest echo, which resets the clock", () => {
    const input = channel({ lastEchoAt: day(5) });
    expect(find(evaluate(input, day(14)), "app_inactivity")).toBeUndefined();
    const w = find(evaluate(input, day(15)), "app_inactivity")!;
    expect(w.severity).toBe("warning");
    expect(w.fact.source).toBe("echo");
    expect(w.message).not.toContain("cannot see the app being opened");
  });

  it("clears a critical inactivity once an echo arrives", () => {
    expect(find(evaluate(channel(), day(13)), "app_inactivity")?.severity).toBe("critical");
    const afterEcho = channel({ lastEchoAt: day(13) });
    expect(find(evaluate(afterEcho, at(13 * DAY + HOUR)), "app_inactivity")).toBeUndefined();
  });

  it("is reset by the acknowledgement that the business opened the app", () => {
    const input = channel({ appOpenedAcknowledgedAt: day(12) });
    expect(find(evaluate(input, day(21)), "app_inactivity")).toBeUndefined();
    const w = find(evaluate(input, day(22)), "app_inactivity")!;
    expect(w.severity).toBe("warning");
    expect(w.fact.source).toBe("acknowledgement");
  });

  it("takes the latest of echo, acknowledgement and onboarding", () => {
    expect(
      lastAppActivity(channel({ lastEchoAt: day(3), appOpenedAcknowledgedAt: day(2) })),
    ).toEqual({ at: day(3), source: "echo" });
    expect(
      lastAppActivity(channel({ lastEchoAt: day(3), appOpenedAcknowledgedAt: day(4) })),
    ).toEqual({ at: day(4), source: "acknowledgement" });
  });

  it("restarts from a reconnection", () => {
    const input = channel({
      accountEvents: [
        { event: "PARTNER_REMOVED", at: day(14), reason: "PRIMARY_INACTIVITY" },
        { event: "ACCOUNT_RECONNECTED", at: day(20) },
      ],
      companionsRelinkedAcknowledgedAt: day(20),
      history: { requestedAt: day(20), firstChunkAt: day(20), declinedAt: null, completedAt: null },
      contacts: { requestedAt: day(20), firstChunkAt: null },
    });
    expect(find(evaluate(input, day(29)), "app_inactivity")).toBeUndefined();
    expect(find(evaluate(input, day(30)), "app_inactivity")?.severity).toBe("warning");
  });

  it("follows changed thresholds", () => {
    const settings = {
      inactivityWarningDays: 5,
      inactivityCriticalDays: 7,
      expectedDisconnectDays: 14,
      historyChunkWaitMinutes: 60,
      syncDeadlineWarningHours: 6,
      forwardingCriticalHours: 24,
    };
    const warnings = evaluateChannelHealth(channel(), { now: day(7), settings });
    expect(find(warnings, "app_inactivity")?.severity).toBe("critical");
  });

  it("does not apply to numbers without the app", () => {
    expect(find(evaluate(channel({ coexistence: false }), day(30)), "app_inactivity")).toBe(
      undefined,
    );
  });
});

describe("companions", () => {
  it("warns from onboarding that every linked device was unlinked, until acknowledged", () => {
    const input = channel({ companionsRelinkedAcknowledgedAt: null });
    const w = find(evaluate(input, at(HOUR)), "companions_unlinked")!;
    expect(w.severity).toBe("warning");
    expect(w.since).toEqual(onboardedAt);
    expect(w.advice).toContain("up to 4");
    expect(w.advice).toContain("WhatsApp for Windows");
    expect(w.advice).toContain("WearOS");
    expect(w.action?.kind).toBe("acknowledge_companions_relinked");
    expect(find(evaluate(input, day(30)), "companions_unlinked")).toBeDefined();
  });

  it("stops warning once the re-linking is acknowledged", () => {
    const input = channel({ companionsRelinkedAcknowledgedAt: at(2 * HOUR) });
    expect(find(evaluate(input, at(3 * HOUR)), "companions_unlinked")).toBeUndefined();
  });

  it("warns again after a reconnection, since re-onboarding unlinks them again", () => {
    const input = channel({
      companionsRelinkedAcknowledgedAt: at(2 * HOUR),
      accountEvents: [
        { event: "PARTNER_REMOVED", at: day(3), reason: "CHANGE_NUMBER" },
        { event: "ACCOUNT_RECONNECTED", at: day(4) },
      ],
    });
    const w = find(evaluate(input, day(5)), "companions_unlinked")!;
    expect(w.since).toEqual(day(4));
    expect(w.fact.source).toBe("account_update");
  });

  it("always carries the standing information about unsupported companions", () => {
    const w = find(evaluate(channel(), at(HOUR)), "companions_unsupported")!;
    expect(w.severity).toBe("info");
    expect(w.message).toContain("WhatsApp for Windows");
    expect(w.message).toContain("WearOS");
  });

  it("counts unsupported customer messages (131060) and points to the app", () => {
    const input = channel({
      unsupportedMessages: { count: 3, firstAt: day(1), lastAt: day(2) },
    });
    const w = find(evaluate(input, day(2)), "unsupported_messages")!;
    expect(w.title).toBe("3 customer messages only visible in the app");
    expect(w.message).toContain("131060");
    expect(w.advice).toContain("WhatsApp Business app");
    expect(w.since).toEqual(day(1));
    expect(w.fact.source).toBe("customer_messages");
  });

  it("says nothing about unsupported messages when there are none", () => {
    const input = channel({ unsupportedMessages: { count: 0, firstAt: day(1), lastAt: day(1) } });
    expect(find(evaluate(input, day(2)), "unsupported_messages")).toBeUndefined();
  });
});

describe("disconnected", () => {
  const removed = (reason: string | null, initiatedBy: string | null = "SYSTEM"): AccountEvent => ({
    event: "PARTNER_REMOVED",
    at: day(14),
    reason,
    initiatedBy,
  });

  it.each([
    ["PRIMARY_INACTIVITY", "app on the phone was not used for about 14 days"],
    ["COMPANION_INACTIVITY", "linked device (companion) was not used for about 30 days"],
    ["USER_RE_REGISTERED", "registered again in WhatsApp on a phone"],
    ["CHANGE_NUMBER", "changed its phone number"],
    ["BUSINESS_DOWNGRADE", "moved from WhatsApp Business to the consumer WhatsApp app"],
    ["ACCOUNT_DISCONNECTED", "enforcement action) or the account was deleted"],
  ])("puts %s into words", (reason, words) => {
    expect(describeDisconnectReason(reason)).toContain(words);
    const w = find(
      evaluate(channel({ accountEvents: [removed(reason)] }), day(15)),
      "disconnected",
    )!;
    expect(w.severity).toBe("critical");
    expect(w.message).toContain(words);
    expect(w.fact).toEqual({
      text: `PARTNER_REMOVED (reason ${reason}, initiated by SYSTEM) for 2026-11-15 09:00 UTC`,
      source: "account_update",
      at: day(14),
    });
  });

  it("names an unknown or missing reason honestly", () => {
    expect(describeDisconnectReason("SOMETHING_NEW")).toBe(
      "Meta gave the reason SOMETHING_NEW, which the hub does not know",
    );
    expect(describeDisconnectReason(undefined)).toBe("Meta gave no reason");
  });

  it("says who initiated it", () => {
    expect(describeInitiator("USER")).toContain("the business did this itself");
    expect(describeInitiator("SYSTEM")).toBe("Meta did this automatically");
    expect(describeInitiator(null)).toBe("Meta did not say who started it");
    const w = find(
      evaluate(channel({ accountEvents: [removed(null, "USER")] }), day(15)),
      "disconnected",
    )!;
    expect(w.message).toContain("the business pressed Disconnect in the app");
    expect(w.message).toContain("the business did this itself");
  });

  it("tells a disconnected number from a blocked country that reconnecting will fail", () => {
    const input = channel({
      displayPhoneNumber: "2348031234567",
      accountEvents: [removed("PRIMARY_INACTIVITY")],
    });
    const w = find(evaluate(input, day(15)), "country_blocked")!;
    expect(w.message).toContain("reconnecting this number with Embedded Signup will fail");
  });

  it("says how to reconnect, with syncs possible again", () => {
    const w = find(
      evaluate(channel({ accountEvents: [removed("PRIMARY_INACTIVITY")] }), day(15)),
      "disconnected",
    )!;
    expect(w.advice).toContain("Embedded Signup again");
    expect(w.advice).toContain("history can be synced again");
    expect(w.action?.kind).toBe("reconnect");
  });

  it("turns ACCOUNT_OFFBOARDED critical", () => {
    const w = find(
      evaluate(channel({ accountEvents: [{ event: "ACCOUNT_OFFBOARDED", at: day(3) }] }), day(4)),
      "disconnected",
    )!;
    expect(w.severity).toBe("critical");
    expect(w.title).toBe("Number offboarded");
    expect(w.since).toEqual(day(3));
  });

  it("is cleared by ACCOUNT_RECONNECTED, even when the webhooks arrive out of order", () => {
    const input = channel({
      accountEvents: [{ event: "ACCOUNT_RECONNECTED", at: day(16) }, removed("PRIMARY_INACTIVITY")],
      companionsRelinkedAcknowledgedAt: day(16),
      history: { requestedAt: day(16), firstChunkAt: day(16), declinedAt: null, completedAt: null },
      contacts: { requestedAt: day(16), firstChunkAt: null },
      lastEchoAt: day(16),
    });
    expect(evaluate(input, day(17)).filter((w) => w.severity !== "info")).toEqual([]);
  });

  it("holds when a new removal follows a reconnection", () => {
    const input = channel({
      accountEvents: [
        removed("PRIMARY_INACTIVITY"),
        { event: "ACCOUNT_RECONNECTED", at: day(16) },
        { event: "PARTNER_REMOVED", at: day(18), reason: "CHANGE_NUMBER", initiatedBy: "USER" },
      ],
    });
    const w = find(evaluate(input, day(19)), "disconnected")!;
    expect(w.since).toEqual(day(18));
    expect(w.message).toContain("changed its phone number");
  });

  it("is critical from the channel status alone when no event explains it", () => {
    const w = find(evaluate(channel({ status: "disconnected" }), day(2)), "disconnected")!;
    expect(w.severity).toBe("critical");
    expect(w.fact.source).toBe("channel_status");
  });

  it("words the stored reason when only the channel row knows it", () => {
    const input = channel({ status: "disconnected", disconnectReason: "PRIMARY_INACTIVITY" });
    const w = find(evaluate(input, day(20)), "disconnected")!;
    expect(w.message).toContain("app on the phone was not used for about 14 days");
  });

  it("replaces the warnings of a live link while disconnected", () => {
    const input = channel({ accountEvents: [removed("PRIMARY_INACTIVITY")] });
    expect(ids(evaluate(input, day(20)))).toEqual(["disconnected"]);
  });
});

describe("sync", () => {
  const noSync = {
    history: { requestedAt: null, firstChunkAt: null, declinedAt: null, completedAt: null },
    contacts: { requestedAt: null, firstChunkAt: null },
  };

  it("waits an hour for the first history chunk, then warns", () => {
    const input = channel({
      history: { requestedAt: at(0), firstChunkAt: null, declinedAt: null, completedAt: null },
    });
    expect(find(evaluate(input, at(HOUR - 60_000)), "history_no_chunk")).toBeUndefined();
    const w = find(evaluate(input, at(HOUR)), "history_no_chunk")!;
    expect(w.severity).toBe("warning");
    expect(w.since).toEqual(at(HOUR));
    expect(w.message).toContain("app open");
  });

  it("stops warning once a chunk arrives", () => {
    const input = channel({
      history: {
        requestedAt: at(0),
        firstChunkAt: at(2 * HOUR),
        declinedAt: null,
        completedAt: null,
      },
    });
    expect(find(evaluate(input, at(3 * HOUR)), "history_no_chunk")).toBeUndefined();
  });

  it("reports a declined history (2593109) as information", () => {
    const input = channel({
      history: {
        requestedAt: at(0),
        firstChunkAt: null,
        declinedAt: at(HOUR * 2),
        completedAt: null,
      },
    });
    const warnings = evaluate(input, at(3 * HOUR));
    expect(find(warnings, "history_declined")?.severity).toBe("info");
    expect(find(warnings, "history_declined")?.message).toContain("2593109");
    expect(find(warnings, "history_no_chunk")).toBeUndefined();
  });

  it("is silent about an unrequested sync until 6 hours before the 24-hour deadline", () => {
    expect(find(evaluate(channel(noSync), at(17 * HOUR)), "sync_deadline")).toBeUndefined();
  });

  it("turns critical when the deadline approaches with nothing requested", () => {
    const w = find(evaluate(channel(noSync), at(18 * HOUR)), "sync_deadline")!;
    expect(w.severity).toBe("critical");
    expect(w.title).toBe("Request the contacts and chat history sync now");
    expect(w.message).toContain("2026-11-02 09:00 UTC");
    expect(w.message).toContain("6 hours left");
    expect(w.message).toContain("the contacts and chat history cannot be imported any more");
    expect(w.since).toEqual(at(18 * HOUR));
  });

  it("names only the sync still missing", () => {
    const input = channel({
      ...noSync,
      contacts: { requestedAt: at(60_000), firstChunkAt: null },
    });
    expect(find(evaluate(input, at(20 * HOUR)), "sync_deadline")?.title).toBe(
      "Request the chat history sync now",
    );
  });

  it("says the sync was missed once the deadline has passed", () => {
    const warnings = evaluate(channel(noSync), at(24 * HOUR));
    expect(find(warnings, "sync_deadline")).toBeUndefined();
    expect(find(warnings, "sync_missed")?.severity).toBe("warning");
  });

  it("honours an explicit deadline", () => {
    const input = channel({ ...noSync, syncDeadlineAt: at(12 * HOUR) });
    expect(find(evaluate(input, at(6 * HOUR)), "sync_deadline")).toBeDefined();
  });

  it("does not count a request from before a reconnection", () => {
    const input = channel({
      accountEvents: [
        { event: "PARTNER_REMOVED", at: day(2), reason: "PRIMARY_INACTIVITY" },
        { event: "ACCOUNT_RECONNECTED", at: day(3) },
      ],
    });
    expect(find(evaluate(input, at(3 * DAY + 20 * HOUR)), "sync_deadline")).toBeDefined();
  });
});

describe("limits", () => {
  it("states the 20 messages per second cap as information", () => {
    const w = find(evaluate(channel(), at(HOUR)), "throughput_cap")!;
    expect(w.severity).toBe("info");
    expect(w.message).toContain("20 messages per second");
  });

  it("warns when sends hit the cap", () => {
    const input = channel({ throughputCapHits: { count: 12, firstAt: day(1), lastAt: day(2) } });
    const w = find(evaluate(input, day(2)), "throughput_cap_hit")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toContain("12 sends were refused");
  });

  it.each([
    ["2348031234567", null, "Nigeria"],
    ["27821234567", "ZA", "South Africa"],
  ])("flags %s as a blocked country from 2026-02-01", (number, country, name) => {
    const input = channel({ displayPhoneNumber: number, countryCode: country });
    const w = find(evaluate(input, at(HOUR)), "country_blocked")!;
    expect(w.title).toBe(`${name} numbers cannot be onboarded`);
    expect(w.severity).toBe("warning");
    expect(w.since).toEqual(new Date("2026-02-01T00:00:00.000Z"));
    expect(w.fact.source).toBe("country_list");
  });

  it("blocks a pending onboarding from a blocked country as critical", () => {
    const input = channel({
      status: "pending",
      onboardedAt: null,
      displayPhoneNumber: "2348031234567",
    });
    expect(evaluate(input, at(HOUR)).map((w) => [w.id, w.severity])).toEqual([
      ["country_blocked", "critical"],
    ]);
  });

  it("follows the dated list: a German number was blocked before 2026-02-01, not after", () => {
    const input = channel({ displayPhoneNumber: "4915112345678", countryCode: "DE" });
    const before = find(evaluate(input, new Date("2026-01-31T23:59:00Z")), "country_blocked");
    expect(before?.since).toEqual(new Date("2025-01-01T00:00:00.000Z"));
    expect(find(evaluate(input, new Date("2026-02-01T00:00:00Z")), "country_blocked")).toBe(
      undefined,
    );
  });

  it("lets other countries through", () => {
    expect(
      find(evaluate(channel({ displayPhoneNumber: "4915112345678" }), at(HOUR)), "country_blocked"),
    ).toBe(undefined);
  });

  it.each([
    ["YELLOW", "warning"],
    ["RED", "critical"],
  ])("turns quality %s into a %s", (rating, severity) => {
    const w = find(evaluate(channel({ qualityRating: rating }), at(HOUR)), "quality_rating");
    expect(w?.severity).toBe(severity);
  });

  it("says nothing about a green or unknown rating", () => {
    expect(find(evaluate(channel({ qualityRating: "GREEN" }), at(HOUR)), "quality_rating")).toBe(
      undefined,
    );
    expect(find(evaluate(channel({ qualityRating: null }), at(HOUR)), "quality_rating")).toBe(
      undefined,
    );
  });

  it("warns when forwarding fails, critical after 24 hours of failure", () => {
    const input = channel({ forwardingFailingSince: day(1) });
    expect(find(evaluate(input, at(DAY + HOUR)), "forwarding_failing")?.severity).toBe("warning");
    const w = find(evaluate(input, day(2)), "forwarding_failing")!;
    expect(w.severity).toBe("critical");
    expect(w.since).toEqual(day(2));
  });
});

describe("a healthy channel", () => {
  it("has only information", () => {
    const warnings = evaluate(channel({ lastEchoAt: day(2) }), day(3));
    expect(ids(warnings).sort()).toEqual(["companions_unsupported", "throughput_cap"]);
  });
});

describe("sorting and counting", () => {
  const w = (id: WarningId, severity: HealthWarning["severity"], since: Date) =>
    ({ id, severity, since }) as Pick<HealthWarning, "id" | "severity" | "since">;

  it("puts the most severe first, then the longest-standing", () => {
    const sorted = sortWarnings([
      w("throughput_cap", "info", day(1)),
      w("app_inactivity", "warning", day(3)),
      w("disconnected", "critical", day(5)),
      w("quality_rating", "warning", day(2)),
    ]);
    expect(sorted.map((x) => x.id)).toEqual([
      "disconnected",
      "quality_rating",
      "app_inactivity",
      "throughput_cap",
    ]);
  });

  it("returns the evaluation already sorted", () => {
    const warnings = evaluate(channel({ companionsRelinkedAcknowledgedAt: null }), day(13));
    expect(warnings).toEqual(sortWarnings(warnings));
    expect(warnings[0]?.id).toBe("app_inactivity");
  });

  it("counts by severity and finds the worst", () => {
    const list = [w("a" as WarningId, "info", day(1)), w("b" as WarningId, "critical", day(1))];
    expect(countBySeverity(list)).toEqual({ critical: 1, warning: 0, info: 1 });
    expect(worstSeverity(list)).toBe("critical");
    expect(worstSeverity([])).toBeNull();
  });

  it("counts channels needing attention by their worst warning, ignoring information", () => {
    expect(
      countChannelsNeedingAttention([
        { warnings: [{ severity: "info" }] },
        { warnings: [{ severity: "warning" }, { severity: "critical" }] },
        { warnings: [{ severity: "warning" }] },
        { warnings: [] },
      ]),
    ).toEqual({ critical: 1, warning: 1 });
  });

  it("summarises the Overview's attention: channels by worst warning, and the warnings listed", () => {
    const summary = summarizeAttention<string, Pick<HealthWarning, "id" | "severity">>([
      {
        channel: "a",
        warnings: [
          { id: "app_inactivity", severity: "warning" },
          { id: "throughput_cap", severity: "info" },
        ],
      },
      {
        channel: "b",
        warnings: [
          { id: "quality_rating", severity: "critical" },
          { id: "companions_unlinked", severity: "warning" },
        ],
      },
      { channel: "c", warnings: [{ id: "throughput_cap", severity: "info" }] },
      { channel: "d", warnings: [] },
    ]);
    expect(summary).toEqual({
      channels: 2,
      byWorst: { critical: 1, warning: 1 },
      nearCut: 1,
      warnings: [
        { channel: "b", warning: { id: "quality_rating", severity: "critical" } },
        { channel: "a", warning: { id: "app_inactivity", severity: "warning" } },
        { channel: "b", warning: { id: "companions_unlinked", severity: "warning" } },
      ],
    });
    expect(summary.byWorst.critical + summary.byWorst.warning).toBe(summary.channels);
  });
});

describe("whatever the order of the account events", () => {
  it("gives the same link state and keeps the warnings sorted", async () => {
    const fc = await import("fast-check");
    const event = fc.record({
      event: fc.constantFrom(
        "PARTNER_REMOVED",
        "ACCOUNT_OFFBOARDED",
        "ACCOUNT_RECONNECTED",
        "PARTNER_APP_INSTALLED",
      ),
      at: fc.integer({ min: 0, max: 30 }).map((n) => day(n)),
      reason: fc.constantFrom("PRIMARY_INACTIVITY", "CHANGE_NUMBER", null),
      initiatedBy: fc.constantFrom("USER", "SYSTEM", null),
    });
    // Distinct times: two events at the same instant have no meaningful order.
    const events = fc.uniqueArray(event, { selector: (e) => e.at.getTime(), maxLength: 6 });
    fc.assert(
      fc.property(events, fc.integer({ min: 0, max: 40 }), (list, nowDay) => {
        const forward = evaluate(channel({ accountEvents: list }), day(nowDay));
        const backward = evaluate(channel({ accountEvents: [...list].reverse() }), day(nowDay));
        expect(backward).toEqual(forward);
        expect(forward).toEqual(sortWarnings(forward));
      }),
    );
  });
});
