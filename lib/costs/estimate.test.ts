import { describe, expect, it } from "vitest";
import { estimateSend } from "./estimate";
import { apiText, appMessage, at, channelOnboardedAt, customerMessage, INDIA } from "./testing";

const channel = channelOnboardedAt("2026-01-01T00:00:00Z");
const day = "2026-11-02T10:00:00Z";

describe("estimating a send", () => {
  it("a marketing template costs the market's marketing rate", () => {
    const estimate = estimateSend({
      channel,
      messages: [],
      proposed: {
        waId: INDIA,
        at: at(day),
        type: "template",
        template: { name: "promo", category: "marketing" },
      },
    });
    expect(estimate.priced).toMatchObject({
      charged: true,
      amount: { currency: "USD", micros: 11_800 },
      reason: "charged: marketing template",
    });
    expect(estimate.blocked).toBeNull();
  });

  it("a free-form reply inside the window is free and says when the window closes", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day)), appMessage(at(day, 1))],
      proposed: { waId: INDIA, at: at(day, 2), type: "text" },
    });
    expect(estimate).toMatchObject({
      blocked: null,
      serviceWindowEndsAt: at(day, 24),
      entryPointEndsAt: null,
      priced: { charged: false, reason: "free: service message 1 of the 1,000 free this month" },
    });
  });

  it("uses the channel's month so far for the 1,000 free service messages, not the replayed ones", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day)), apiText(at(day, 1))],
      serviceCountBefore: 1000,
      proposed: { waId: INDIA, at: at(day, 2), type: "text" },
    });
    expect(estimate.priced).toMatchObject({
      charged: true,
      reason: "charged: service message beyond the 1,000 free this month",
    });
  });

  it("a free-form message outside the window is blocked: Meta would reject it with 131047", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day, -30))],
      proposed: { waId: INDIA, at: at(day), type: "text" },
    });
    expect(estimate.blocked?.code).toBe(131047);
    expect(estimate.serviceWindowEndsAt).toBeNull();
  });

  it("ignores messages after the proposed time and other customers' messages", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day, 1)), customerMessage(at(day), { waId: "5511987654321" })],
      proposed: { waId: INDIA, at: at(day), type: "text" },
    });
    expect(estimate.blocked?.code).toBe(131047);
  });

  it("an answer to an ad referral opens the free entry point and says until when", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day), { referral: true })],
      proposed: {
        waId: INDIA,
        at: at(day, 3),
        type: "template",
        template: { name: "offer", category: "marketing" },
      },
    });
    expect(estimate).toMatchObject({
      entryPointEndsAt: at(day, 75),
      priced: { charged: false, freeBecause: "entry_point" },
    });
  });

  it("the 1,000th service message of the month is still free", () => {
    const estimate = estimateSend({
      channel,
      messages: [customerMessage(at(day))],
      serviceCountBefore: 999,
      proposed: { waId: INDIA, at: at(day, 1), type: "text" },
    });
    expect(estimate.priced).toMatchObject({ charged: false, allowanceCount: 1000 });
  });
});
