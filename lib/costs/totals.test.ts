import { describe, expect, it } from "vitest";
import { priceChannel } from "./engine";
import {
  apiTemplate,
  apiText,
  appMessage,
  at,
  BRAZIL,
  channelOnboardedAt,
  customerMessage,
  INDIA,
} from "./testing";
import { CostTotalsError, mostExpensiveConversations, totalCosts, totalsBy } from "./totals";

const channel = channelOnboardedAt("2026-01-01T00:00:00Z");
const { priced } = priceChannel({
  channel,
  messages: [
    // India, February: a window with a free utility template, an app reply, a marketing template.
    customerMessage(at("2026-02-03T10:00:00Z")),
    apiTemplate(at("2026-02-03T10:05:00Z"), "utility"),
    appMessage(at("2026-02-03T10:06:00Z")),
    apiTemplate(at("2026-02-10T10:00:00Z"), "marketing"),
    // Brazil, February: an ad referral answered, then March: two marketing templates.
    customerMessage(at("2026-02-04T10:00:00Z"), { waId: BRAZIL, referral: true }),
    apiText(at("2026-02-04T11:00:00Z"), { waId: BRAZIL }),
    apiTemplate(at("2026-03-01T09:00:00Z"), "marketing", { waId: BRAZIL }),
    apiTemplate(at("2026-03-02T09:00:00Z"), "marketing", { waId: "18765550123" }),
  ],
});

describe("cost totals", () => {
  it("count charged and free messages, with why each free one was free, and sum the known amounts", () => {
    const totals = totalCosts(priced);
    expect(totals.messages).toBe(6);
    expect(totals.charged).toEqual({ count: 3, amountMicros: 11_800 + 62_500, unknownRate: 1 });
    expect(totals.free.count).toBe(3);
    expect(totals.free.byReason).toMatchObject({ app: 1, window: 1, entry_point: 1, free_tier: 0 });
    expect(totals.byCategory.marketing).toEqual({
      count: 3,
      charged: 3,
      free: 0,
      amountMicros: 74_300,
      unknownRate: 1,
    });
    expect(totals.byCategory.referral_conversion).toMatchObject({ count: 1, free: 1 });
    // The app reply is free under "app", not a Meta category.
    expect(totals.byCategory.service).toBeUndefined();
  });

  it("group by month (UTC)", () => {
    const months = totalsBy(priced, "month");
    expect(
      months.map(({ key, totals }) => [key, totals.messages, totals.charged.amountMicros]),
    ).toEqual([
      ["2026-02", 4, 11_800],
      ["2026-03", 2, 62_500],
    ]);
  });

  it("group by conversation, one per customer", () => {
    const conversations = totalsBy(priced, "conversation");
    expect(conversations.map(({ key }) => key)).toEqual(["18765550123", BRAZIL, INDIA]);
  });

  it("rank the most expensive conversations by amount", () => {
    expect(mostExpensiveConversations(priced, 2).map(({ waId }) => waId)).toEqual([BRAZIL, INDIA]);
  });

  it("refuse to add an amount in another currency", () => {
    expect(() => totalCosts(priced, "EUR")).toThrow(CostTotalsError);
  });
});
