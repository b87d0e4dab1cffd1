import { describe, expect, it } from "vitest";
import { toChannelHealthInput } from "./input";
import { evaluateChannelHealth } from "./rules";
import type { ChannelHealthInput, QualityEvent } from "./types";

const now = new Date("2026-12-01T12:00:00Z");
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

function channel(extra: Partial<ChannelHealthInput> = {}): ChannelHealthInput {
  return {
    ...toChannelHealthInput(
      {
        id: "c1",
        status: "connected",
        coexistence: true,
        onboardedAt: at(48),
        displayPhoneNumber: "5511987650000",
        countryCode: "BR",
        qualityRating: "GREEN",
        disconnectReason: null,
      },
      undefined,
      { lastEchoAt: at(1) },
    ),
    ...extra,
  };
}

const quality = (
  event: string,
  hoursAgo: number,
  limit: string | null = null,
  oldLimit: string | null = null,
): QualityEvent => ({
  event,
  at: at(hoursAgo),
  limit,
  oldLimit,
});

const ids = (input: ChannelHealthInput) => evaluateChannelHealth(input, { now }).map((w) => w.id);

describe("quality and limit warnings", () => {
  it("a flagged number is a warning that explains the coexistence limit", () => {
    const [warning] = evaluateChannelHealth(
      channel({ qualityEvents: [quality("FLAGGED", 2, "TIER_1K")] }),
      { now },
    ).filter((w) => w.id === "number_flagged");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toContain("1,000 customers in 24 hours");
    expect(warning?.message).toContain("WhatsApp Business app are not limited");
  });

  it("a later UNFLAGGED clears the flag, whatever order the events came in", () => {
    expect(
      ids(channel({ qualityEvents: [quality("UNFLAGGED", 1), quality("FLAGGED", 5)] })),
    ).not.toContain("number_flagged");
  });

  it("a downgrade names the old and the new limit", () => {
    const warning = evaluateChannelHealth(
      channel({ qualityEvents: [quality("DOWNGRADE", 1, "TIER_250", "TIER_1K")] }),
      { now },
    ).find((w) => w.id === "number_downgraded");
    expect(warning?.message).toContain(
      "from 1,000 customers in 24 hours to 250 customers in 24 hours",
    );
  });

  it("today's events (ONBOARDING, THROUGHPUT_UPGRADE) and unknown ones raise nothing", () => {
    const list = ids(
      channel({
        qualityEvents: [
          quality("ONBOARDING", 3, "TIER_2K"),
          quality("THROUGHPUT_UPGRADE", 2),
          quality("SOMETHING_NEW", 1),
        ],
      }),
    );
    expect(list.filter((id) => id.startsWith("number_"))).toEqual([]);
  });

  it("an open critical account alert is critical; a resolved one is gone", () => {
    const alert = {
      type: "OBA_REJECTED",
      severity: "CRITICAL",
      status: "ACTIVE",
      description: "Official business account request rejected",
      at: at(3),
    };
    expect(
      evaluateChannelHealth(channel({ accountAlerts: [alert] }), { now }).find(
        (w) => w.id === "account_alert",
      )?.severity,
    ).toBe("critical");
    expect(
      ids(channel({ accountAlerts: [alert, { ...alert, status: "RESOLVED", at: at(1) }] })),
    ).not.toContain("account_alert");
  });
});

describe("template warnings", () => {
  const template = {
    name: "order_update",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    previousCategory: null,
    qualityScore: "GREEN",
    lastChangeAt: at(2),
    categoryChangedAt: null,
  };

  it("a paused template is a warning saying sends fail and when it comes back", () => {
    const warning = evaluateChannelHealth(
      channel({ templates: [{ ...template, status: "PAUSED" }] }),
      {
        now,
      },
    ).find((w) => w.id === "template_paused");
    expect(warning?.message).toContain("order_update (en_US, paused)");
    expect(warning?.advice).toContain("3 hours");
  });

  it("a red template is a quality warning", () => {
    expect(ids(channel({ templates: [{ ...template, qualityScore: "RED" }] }))).toContain(
      "template_quality",
    );
  });

  it("a re-categorisation warns about the price for 30 days, then stops", () => {
    const recategorised = {
      ...template,
      category: "MARKETING",
      previousCategory: "UTILITY",
      categoryChangedAt: at(24),
    };
    const warning = evaluateChannelHealth(channel({ templates: [recategorised] }), { now }).find(
      (w) => w.id === "template_category",
    );
    expect(warning?.message).toContain("from utility to marketing");
    expect(
      ids(channel({ templates: [{ ...recategorised, categoryChangedAt: at(31 * 24) }] })),
    ).not.toContain("template_category");
  });

  it("a disconnected channel shows no template or quality warnings", () => {
    const list = ids(
      channel({
        status: "disconnected",
        templates: [{ ...template, status: "PAUSED" }],
        qualityEvents: [quality("FLAGGED", 1)],
      }),
    );
    expect(list).toEqual(["disconnected"]);
  });
});
