import { describe, expect, it } from "vitest";
import { buildLifecycleTimeline } from "./timeline";
import type { ChannelHealthInput } from "./types";

const t = (iso: string) => new Date(`2026-11-${iso}:00.000Z`);

const input: ChannelHealthInput = {
  channelId: "ch-1",
  status: "connected",
  coexistence: true,
  onboardedAt: t("01T09:00"),
  lastEchoAt: t("10T12:00"),
  appOpenedAcknowledgedAt: null,
  companionsRelinkedAcknowledgedAt: null,
  accountEvents: [
    { event: "ACCOUNT_RECONNECTED", at: t("16T10:00") },
    {
      event: "PARTNER_REMOVED",
      at: t("15T08:00"),
      reason: "PRIMARY_INACTIVITY",
      initiatedBy: "SYSTEM",
    },
    { event: "PARTNER_APP_INSTALLED", at: t("01T09:00") },
  ],
  history: {
    requestedAt: t("01T09:01"),
    firstChunkAt: null,
    declinedAt: t("01T09:30"),
    completedAt: null,
  },
  contacts: { requestedAt: t("01T09:01"), firstChunkAt: t("01T09:02") },
  unsupportedMessages: null,
  throughputCapHits: null,
  displayPhoneNumber: "5511987654321",
  countryCode: "BR",
  qualityRating: null,
  forwardingFailingSince: null,
};

describe("buildLifecycleTimeline", () => {
  it("lists the lifecycle oldest first, with disconnection reasons in words and who acknowledged", () => {
    const entries = buildLifecycleTimeline(input, [
      { kind: "companions_relinked", at: t("01T11:00"), by: "ana@example.test" },
      { kind: "app_opened", at: t("12T08:00"), by: null },
    ]);
    expect(entries.map((e) => e.kind)).toEqual([
      "onboarded",
      "contacts_requested",
      "history_requested",
      "contacts_synced",
      "history_declined",
      "companions_acknowledged",
      "app_last_seen",
      "app_opened_acknowledged",
      "disconnected",
      "reconnected",
    ]);
    const removed = entries.find((e) => e.kind === "disconnected")!;
    expect(removed.severity).toBe("critical");
    expect(removed.detail).toBe(
      "The WhatsApp Business app on the phone was not used for about 14 days; Meta did this automatically",
    );
    expect(entries.find((e) => e.kind === "companions_acknowledged")?.detail).toBe(
      "Recorded by ana@example.test",
    );
    expect(entries.find((e) => e.kind === "app_opened_acknowledged")?.detail).toBe(
      "Recorded by a former user",
    );
  });

  it("leaves out what has not happened", () => {
    const entries = buildLifecycleTimeline({
      ...input,
      lastEchoAt: null,
      accountEvents: [],
      history: { requestedAt: null, firstChunkAt: null, declinedAt: null, completedAt: null },
      contacts: { requestedAt: null, firstChunkAt: null },
    });
    expect(entries.map((e) => e.kind)).toEqual(["onboarded"]);
  });
});
