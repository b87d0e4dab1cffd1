import { describe, expect, it } from "vitest";
import statusesFixture from "@/lib/meta/fixtures/messages-statuses-pmp.json";
import { messagesValueSchema } from "@/lib/meta/webhooks";
import { priceChannel } from "./engine";
import { pricingRuleSets, ruleSetAt, ruleSetById } from "./rules";

describe("the pricing rule sets", () => {
  it("are dated, in order, with unique ids, a summary and a source each", () => {
    const starts = pricingRuleSets.map((ruleSet) => Date.parse(ruleSet.effectiveFrom));
    expect(starts.every((start) => !Number.isNaN(start))).toBe(true);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(new Set(pricingRuleSets.map((ruleSet) => ruleSet.id)).size).toBe(pricingRuleSets.length);
    for (const ruleSet of pricingRuleSets) {
      expect(ruleSet.summary.length).toBeGreaterThan(20);
      expect(ruleSet.source).toMatch(/Meta/);
    }
  });

  it("a new rule set is a data change: an extra entry takes over from its date", () => {
    const next = {
      ...ruleSetById("pmp-2026-10-01")!,
      id: "pmp-2027-01-01",
      effectiveFrom: "2027-01-01T00:00:00Z",
    };
    const ruleSets = [...pricingRuleSets, next];
    expect(ruleSetAt(new Date("2026-12-31T23:59:59Z"), ruleSets).id).toBe("pmp-2026-10-01");
    expect(ruleSetAt(new Date("2027-01-01T00:00:00Z"), ruleSets).id).toBe("pmp-2027-01-01");
  });
});

describe("Meta's webhook contract", () => {
  it("the pricing object of the PMP statuses fixture prices a marketing template in North America", () => {
    const value = messagesValueSchema.parse(statusesFixture.entry[0]!.changes[0]!.value);
    const sent = value.statuses![0]!;
    const { priced } = priceChannel({
      channel: { onboardedAt: new Date("2025-12-01T00:00:00Z") },
      messages: [
        {
          id: sent.id,
          at: new Date(sent.timestamp * 1000),
          origin: "api",
          direction: "outbound",
          waId: sent.recipient_id!,
          type: "template",
          template: { name: "promo", category: "marketing" },
          pricing: sent.pricing,
        },
      ],
    });
    expect(priced[0]).toMatchObject({
      charged: true,
      decidedBy: "meta",
      disagreement: null,
      market: { id: "NA", country: "US" },
      amount: { currency: "USD", micros: 25_000 },
    });
  });
});
