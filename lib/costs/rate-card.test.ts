import { describe, expect, it } from "vitest";
import { marketOf } from "./markets";
import {
  defaultRateCard,
  formatMoney,
  lookupRate,
  parseRateCard,
  priceToMicros,
  type RateCard,
} from "./rate-card";

const row = (overrides: Partial<RateCard["rates"][number]>) => ({
  market: "IN",
  category: "utility",
  pricingModel: "PMP" as const,
  currency: "USD",
  price: "0.0014",
  effectiveFrom: "2026-01-01",
  volumeFrom: 0,
  source: "test",
  ...overrides,
});
const card = (rates: RateCard["rates"]): RateCard => ({
  version: "test",
  markets: [{ id: "IN", name: "India", countries: ["IN"], callingCodes: ["91"] }],
  rates,
});

describe("the rate card in the repo", () => {
  it("holds the spec's sample: five markets, USD, effective 2026-01-01, each row with its source", () => {
    expect(defaultRateCard.markets.map((market) => market.id)).toEqual([
      "BR",
      "IN",
      "DE",
      "NA",
      "ID",
    ]);
    expect(defaultRateCard.version).toBe("2026-01-01.1");
    expect(defaultRateCard.rates).toHaveLength(17);
    for (const rate of defaultRateCard.rates) {
      expect(rate).toMatchObject({ currency: "USD", effectiveFrom: "2026-01-01", volumeFrom: 0 });
      expect(rate.source).toMatch(/coexistence\.md/);
    }
  });

  it("prices Germany's utility at USD 0.0550 and has no authentication-international rate there", () => {
    const at = new Date("2026-05-01T00:00:00Z");
    const base = {
      card: defaultRateCard,
      marketId: "DE",
      marketName: "Germany",
      model: "PMP" as const,
      at,
    };
    expect(lookupRate({ ...base, category: "utility" })).toMatchObject({
      known: true,
      price: { currency: "USD", micros: 55_000 },
    });
    expect(lookupRate({ ...base, category: "authentication-international" })).toEqual({
      known: false,
      why: "no rate known: no PMP authentication-international rate in USD for Germany on 2026-05-01",
    });
  });
});

describe("looking up a rate", () => {
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const base = { marketId: "IN", marketName: "India", category: "utility", model: "PMP" as const };

  it("takes the latest row in force on the message's day", () => {
    const rates = card([row({}), row({ price: "0.0020", effectiveFrom: "2026-07-01" })]);
    expect(lookupRate({ ...base, card: rates, at: at("2026-06-30") })).toMatchObject({
      price: { micros: 1_400 },
    });
    expect(lookupRate({ ...base, card: rates, at: at("2026-07-01") })).toMatchObject({
      price: { micros: 2_000 },
      rateId: "IN:utility:PMP:USD:2026-07-01:0",
    });
  });

  it("picks the volume tier reached this month, so tiers are rows and not code", () => {
    const rates = card([row({}), row({ price: "0.0010", volumeFrom: 100_000 })]);
    expect(
      lookupRate({ ...base, card: rates, at: at("2026-03-01"), volumeBefore: 99_999 }),
    ).toMatchObject({ price: { micros: 1_400 } });
    expect(
      lookupRate({ ...base, card: rates, at: at("2026-03-01"), volumeBefore: 100_000 }),
    ).toMatchObject({ price: { micros: 1_000 } });
  });

  it("answers no rate known for another currency than the card holds", () => {
    expect(
      lookupRate({ ...base, card: card([row({})]), at: at("2026-03-01"), currency: "EUR" }),
    ).toEqual({
      known: false,
      why: "no rate known: no PMP utility rate in EUR for India on 2026-03-01",
    });
  });

  it("answers no rate known for a market the card does not have", () => {
    expect(
      lookupRate({
        ...base,
        card: defaultRateCard,
        at: at("2026-03-01"),
        marketId: null,
        marketName: "+44",
      }),
    ).toEqual({ known: false, why: "no rate known: +44 is not on the rate card" });
  });
});

describe("parsing a rate card", () => {
  it("refuses a price that is not a plain decimal, naming the field", () => {
    expect(() => parseRateCard(card([row({ price: "1,5" })]))).toThrow(
      /a decimal price with at most 6 decimals/,
    );
  });

  it("refuses a row for a market the card does not define", () => {
    expect(() => parseRateCard(card([row({ market: "FR" })]))).toThrow(
      'Rate card row 0: unknown market "FR"',
    );
  });

  it("refuses two rows for the same market, category, model, currency, date and tier", () => {
    expect(() => parseRateCard(card([row({}), row({ price: "0.0015" })]))).toThrow(
      /row 1: duplicate/,
    );
  });
});

describe("money", () => {
  it("turns decimal prices into exact millionths", () => {
    expect(priceToMicros("0.0625")).toBe(62_500);
    expect(priceToMicros("2")).toBe(2_000_000);
    expect(priceToMicros("0.000001")).toBe(1);
  });

  it("formats amounts with at least four decimals", () => {
    expect(formatMoney({ currency: "USD", micros: 62_500 })).toBe("USD 0.0625");
    expect(formatMoney({ currency: "USD", micros: 1_234_567 })).toBe("USD 1.234567");
    expect(formatMoney({ currency: "USD", micros: 0 })).toBe("USD 0.0000");
  });
});

describe("the recipient's market", () => {
  it.each([
    ["919876543210", "IN", "IN"],
    ["5511987654321", "BR", "BR"],
    ["4915123456789", "DE", "DE"],
    ["6281234567890", "ID", "ID"],
    ["12025550123", "NA", "US"],
    ["14165550123", "NA", "CA"],
  ])("%s is in market %s (country %s)", (waId, market, country) => {
    expect(marketOf(waId, defaultRateCard)).toMatchObject({ id: market, country });
  });

  it("a +1 number whose country cannot be told falls to North America by its calling code", () => {
    expect(marketOf("15551234567", defaultRateCard)).toMatchObject({
      id: "NA",
      country: null,
      callingCode: "1",
    });
  });

  it("Jamaica shares +1 but is not North America on Meta's card", () => {
    expect(marketOf("18765550123", defaultRateCard)).toEqual({
      id: null,
      name: "JM (+1)",
      country: "JM",
      callingCode: "1",
    });
  });

  it("a number that is not a phone number has no market", () => {
    expect(marketOf("abc", defaultRateCard)).toMatchObject({ id: null, callingCode: null });
  });
});
