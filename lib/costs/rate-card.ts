import { z } from "zod";
import rateCardData from "./data/rate-card.json";
import type { Money, PricingCategory, PricingModel, RateLookup } from "./types";

/**
 * The rate card: Meta's price per delivered message by market and category, as dated rows in
 * `data/rate-card.json`. A row applies from its `effectiveFrom` (00:00 UTC) until a later row for
 * the same market, category, model, currency and tier. No row means "no rate known": the hub never
 * guesses a price. Volume tiers are rows with `volumeFrom` > 0; the caller says how many messages
 * of that market and category went before this one in the month.
 */

const decimalPrice = z
  .string()
  .regex(/^\d+(\.\d{1,6})?$/, "a decimal price with at most 6 decimals, e.g. 0.0625");

export const rateCardSchema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  markets: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      /** ISO 3166-1 alpha-2 countries billed at this market's rates. */
      countries: z.array(z.string().length(2)),
      /** Calling codes that mean this market when the country cannot be told from the number. */
      callingCodes: z.array(z.string().regex(/^\d{1,3}$/)),
    }),
  ),
  rates: z.array(
    z.object({
      market: z.string().min(1),
      category: z.string().min(1),
      pricingModel: z.enum(["CBP", "PMP"]),
      currency: z.string().regex(/^[A-Z]{3}$/),
      price: decimalPrice,
      effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      volumeFrom: z.number().int().nonnegative(),
      source: z.string().min(1),
    }),
  ),
});

export type RateCard = z.infer<typeof rateCardSchema>;
export type RateCardRow = RateCard["rates"][number];

/** Parses a rate card, with a clear error naming the bad row; also checks market ids exist. */
export function parseRateCard(input: unknown): RateCard {
  const card = rateCardSchema.parse(input);
  const marketIds = new Set(card.markets.map((market) => market.id));
  const seen = new Set<string>();
  for (const [index, row] of card.rates.entries()) {
    if (!marketIds.has(row.market)) {
      throw new Error(`Rate card row ${index}: unknown market "${row.market}"`);
    }
    const key = [
      row.market,
      row.category,
      row.pricingModel,
      row.currency,
      row.effectiveFrom,
      row.volumeFrom,
    ].join("|");
    if (seen.has(key))
      throw new Error(`Rate card row ${index}: duplicate of an earlier row (${key})`);
    seen.add(key);
  }
  return card;
}

/** The card shipped in the repo. */
export const defaultRateCard: RateCard = parseRateCard(rateCardData);

/** "0.0625" -> 62500 millionths, exactly (no floating point). */
export function priceToMicros(price: string): number {
  const [whole = "0", fraction = ""] = price.split(".");
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"));
}

export function rowId(row: RateCardRow): string {
  return `${row.market}:${row.category}:${row.pricingModel}:${row.currency}:${row.effectiveFrom}:${row.volumeFrom}`;
}

export interface LookupRateInput {
  card: RateCard;
  /** Null when the recipient's market is not on the card. */
  marketId: string | null;
  marketName: string;
  category: PricingCategory;
  model: PricingModel;
  at: Date;
  currency?: string;
  /** Messages of this market and category already billed this month (for volume tiers). */
  volumeBefore?: number;
}

/** The price of one message, or why none is known. */
export function lookupRate({
  card,
  marketId,
  marketName,
  category,
  model,
  at,
  currency = "USD",
  volumeBefore = 0,
}: LookupRateInput): RateLookup {
  if (!marketId)
    return { known: false, why: `no rate known: ${marketName} is not on the rate card` };
  const day = at.toISOString().slice(0, 10);
  const candidates = card.rates.filter(
    (row) =>
      row.market === marketId &&
      row.category === category &&
      row.pricingModel === model &&
      row.currency === currency &&
      row.effectiveFrom <= day,
  );
  if (candidates.length === 0) {
    return {
      known: false,
      why: `no rate known: no ${model} ${category} rate in ${currency} for ${marketName} on ${day}`,
    };
  }
  // The latest card in force, then the highest volume tier reached within it.
  const latest = candidates.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a));
  const tier = candidates
    .filter((row) => row.effectiveFrom === latest.effectiveFrom && row.volumeFrom <= volumeBefore)
    .reduce<RateCardRow | undefined>(
      (a, b) => (!a || b.volumeFrom > a.volumeFrom ? b : a),
      undefined,
    );
  if (!tier) {
    return {
      known: false,
      why: `no rate known: no ${model} ${category} tier for ${volumeBefore} messages in ${marketName}`,
    };
  }
  const price: Money = { currency: tier.currency, micros: priceToMicros(tier.price) };
  return {
    known: true,
    rateId: rowId(tier),
    price,
    effectiveFrom: tier.effectiveFrom,
    source: tier.source,
  };
}

/** "USD 0.0625": for reasons, tables and CSV. Trailing zeros beyond 4 decimals are dropped. */
export function formatMoney(money: Money): string {
  const negative = money.micros < 0;
  const micros = Math.abs(money.micros);
  const whole = Math.floor(micros / 1_000_000);
  let fraction = String(micros % 1_000_000).padStart(6, "0");
  while (fraction.length > 4 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${money.currency} ${negative ? "-" : ""}${whole}.${fraction}`;
}
