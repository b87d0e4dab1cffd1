import { defaultRateCard, formatMoney, lookupRate, marketOf } from "@/lib/costs";

/**
 * What one template send costs by category, in the market of the channel's own number (most
 * customers of a small business share its country). Meta charges templates per delivered
 * message (PMP); a utility template inside the customer's service window is free.
 */
export type CategoryPrice = { category: string; price: string | null; note: string };

export function templatePricesFor({
  displayPhoneNumber,
  at,
}: {
  displayPhoneNumber: string;
  at: Date;
}): { market: string; prices: CategoryPrice[] } {
  const market = marketOf(displayPhoneNumber, defaultRateCard);
  const prices = (["marketing", "utility", "authentication"] as const).map((category) => {
    const rate = lookupRate({
      card: defaultRateCard,
      marketId: market.id,
      marketName: market.name,
      category,
      model: "PMP",
      at,
    });
    return {
      category,
      price: rate.known ? formatMoney(rate.price) : null,
      note: rate.known
        ? category === "utility"
          ? "per delivered message; free inside the customer service window"
          : "per delivered message"
        : rate.why,
    };
  });
  return { market: market.name, prices };
}

/** The price of one category, as the words the console shows beside a template. */
export function priceOfCategory(prices: CategoryPrice[], category: string): CategoryPrice | null {
  return prices.find((p) => p.category === category.toLowerCase()) ?? null;
}
