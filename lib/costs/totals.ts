import type { FreeBecause, PricedMessage, PricingCategory } from "./types";

/**
 * Totals over priced messages: counts and amounts by category, charged versus free, and why free.
 * Amounts stay in integer millionths (`micros`) of one currency so sums are exact.
 */

export const freeReasons: readonly FreeBecause[] = [
  "app",
  "window",
  "entry_point",
  "free_tier",
  "in_conversation",
  "not_delivered",
  "history",
];

export interface CategoryTotals {
  count: number;
  charged: number;
  free: number;
  /** Sum of the known amounts of charged messages. */
  amountMicros: number;
  /** Charged messages with no rate known (their amount is missing from `amountMicros`). */
  unknownRate: number;
}

export interface CostTotals {
  currency: string;
  /** Outbound messages counted (API, app and history). */
  messages: number;
  charged: { count: number; amountMicros: number; unknownRate: number };
  free: { count: number; byReason: Record<FreeBecause, number> };
  /** API messages by Meta's pricing category (app and history messages are not in it). */
  byCategory: Partial<Record<PricingCategory, CategoryTotals>>;
  /** Messages whose Meta pricing object disagreed with the engine (an admin quality check). */
  disagreements: number;
  /** First and last message counted, or null when none. */
  from: Date | null;
  to: Date | null;
}

export class CostTotalsError extends Error {
  override name = "CostTotalsError";
}

export function emptyTotals(currency = "USD"): CostTotals {
  return {
    currency,
    messages: 0,
    charged: { count: 0, amountMicros: 0, unknownRate: 0 },
    free: {
      count: 0,
      byReason: Object.fromEntries(freeReasons.map((reason) => [reason, 0])) as Record<
        FreeBecause,
        number
      >,
    },
    byCategory: {},
    disagreements: 0,
    from: null,
    to: null,
  };
}

/** Adds one priced message to running totals (in place), e.g. for a rollup kept on ingest. */
export function addToTotals(totals: CostTotals, message: PricedMessage): CostTotals {
  if (message.amount && message.amount.currency !== totals.currency) {
    throw new CostTotalsError(
      `Message ${message.messageId} is priced in ${message.amount.currency}, the totals in ${totals.currency}`,
    );
  }
  totals.messages += 1;
  // Categories are Meta's: app and history messages (no pricing model) stay out of them and
  // show only under free.byReason.
  let category: CategoryTotals | undefined;
  if (message.model !== null) {
    category = totals.byCategory[message.category];
    if (!category) {
      category = { count: 0, charged: 0, free: 0, amountMicros: 0, unknownRate: 0 };
      totals.byCategory[message.category] = category;
    }
    category.count += 1;
  }
  if (message.charged) {
    totals.charged.count += 1;
    if (category) category.charged += 1;
    if (message.amount) {
      totals.charged.amountMicros += message.amount.micros;
      if (category) category.amountMicros += message.amount.micros;
    } else {
      totals.charged.unknownRate += 1;
      if (category) category.unknownRate += 1;
    }
  } else {
    totals.free.count += 1;
    if (category) category.free += 1;
    const reason = message.freeBecause ?? "window";
    totals.free.byReason[reason] = (totals.free.byReason[reason] ?? 0) + 1;
  }
  if (message.disagreement) totals.disagreements += 1;
  if (!totals.from || message.at < totals.from) totals.from = message.at;
  if (!totals.to || message.at > totals.to) totals.to = message.at;
  return totals;
}

export function totalCosts(priced: readonly PricedMessage[], currency = "USD"): CostTotals {
  const totals = emptyTotals(currency);
  for (const message of priced) addToTotals(totals, message);
  return totals;
}

export type TotalsGrouping = "conversation" | "month" | "day";

const groupKey: Record<TotalsGrouping, (message: PricedMessage) => string> = {
  /** A conversation in the hub is one customer's thread on the channel. */
  conversation: (message) => message.waId,
  /** UTC calendar months and days, as Meta counts its free allowances and bills. */
  month: (message) => message.at.toISOString().slice(0, 7),
  day: (message) => message.at.toISOString().slice(0, 10),
};

/** Totals per customer thread, per UTC month (`2026-10`) or per UTC day, sorted by key. */
export function totalsBy(
  priced: readonly PricedMessage[],
  grouping: TotalsGrouping,
  currency = "USD",
): Array<{ key: string; totals: CostTotals }> {
  const groups = new Map<string, CostTotals>();
  const keyOf = groupKey[grouping];
  for (const message of priced) {
    const key = keyOf(message);
    let totals = groups.get(key);
    if (!totals) {
      totals = emptyTotals(currency);
      groups.set(key, totals);
    }
    addToTotals(totals, message);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, totals]) => ({ key, totals }));
}

/** The customer threads that cost the most (known amounts), then the most charged messages. */
export function mostExpensiveConversations(
  priced: readonly PricedMessage[],
  limit = 10,
  currency = "USD",
): Array<{ waId: string; totals: CostTotals }> {
  return totalsBy(priced, "conversation", currency)
    .map(({ key, totals }) => ({ waId: key, totals }))
    .sort(
      (a, b) =>
        b.totals.charged.amountMicros - a.totals.charged.amountMicros ||
        b.totals.charged.count - a.totals.charged.count ||
        (a.waId < b.waId ? -1 : 1),
    )
    .slice(0, limit);
}
