/**
 * Session costs: the pure pricing engine (no I/O). See docs/costs.md, "Costs and pricing rules".
 */
export { costCsvColumns, costsToCsv } from "./csv";
export {
  ChannelPricer,
  CostInputError,
  monthKey,
  type PriceChannelInput,
  type PricerOptions,
  priceChannel,
  priceNewMessage,
  typesThatOpenNoWindow,
} from "./engine";
export {
  estimateSend,
  PROPOSED_MESSAGE_ID,
  type ProposedSend,
  type SendEstimate,
} from "./estimate";
export { marketOf } from "./markets";
export {
  defaultRateCard,
  formatMoney,
  lookupRate,
  parseRateCard,
  priceToMicros,
  type RateCard,
  type RateCardRow,
  rateCardSchema,
} from "./rate-card";
export {
  type CbpRuleSet,
  type PmpRuleSet,
  type PricingRuleSet,
  PricingRulesError,
  pricingRuleSets,
  ruleSetAt,
  ruleSetById,
} from "./rules";
export {
  addToTotals,
  type CategoryTotals,
  type CostTotals,
  CostTotalsError,
  emptyTotals,
  freeReasons,
  mostExpensiveConversations,
  type TotalsGrouping,
  totalCosts,
  totalsBy,
} from "./totals";
export type * from "./types";
