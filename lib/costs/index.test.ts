import { describe, expect, it } from "vitest";
import {
  ChannelPricer,
  costsToCsv,
  defaultRateCard,
  estimateSend,
  lookupRate,
  marketOf,
  mostExpensiveConversations,
  priceChannel,
  priceNewMessage,
  ruleSetAt,
  ruleSetById,
  totalCosts,
  totalsBy,
} from "@/lib/costs";

describe("the costs module", () => {
  it("exposes the engine, the pricer, estimates, totals, the rate card and the export", () => {
    const exported = [
      priceChannel,
      priceNewMessage,
      ChannelPricer,
      estimateSend,
      totalsBy,
      totalCosts,
      mostExpensiveConversations,
      lookupRate,
      marketOf,
      costsToCsv,
      ruleSetAt,
      ruleSetById,
    ];
    for (const value of exported) expect(typeof value).toBe("function");
    expect(defaultRateCard.version).toBe("2026-01-01.1");
  });
});
