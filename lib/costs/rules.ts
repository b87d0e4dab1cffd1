import type { PricingModel } from "./types";

/**
 * Meta's pricing rules as dated data. The engine reads the rule set in force at each message's
 * timestamp (UTC), so the next change from Meta is a new entry here, not new code.
 *
 * Figures and dates: ../shared/spec/coexistence.md §4, from Meta's "Pricing" pages. Effective
 * instants are 00:00 UTC on Meta's announced date; free allowances count UTC calendar months.
 */

/** Windows that hold across every rule set so far (also data, in case Meta changes them). */
export interface WindowRules {
  /** The customer service window: hours after each customer message received after onboarding. */
  serviceWindowHours: number;
  /** A referred customer (ad / Page CTA) must be answered within this many hours... */
  entryPointAnswerWithinHours: number;
  /** ...for a free entry point window of this many hours to open at the answer. */
  entryPointWindowHours: number;
}

interface RuleSetBase {
  id: string;
  /** ISO 8601 instant from which the rule set applies. */
  effectiveFrom: string;
  model: PricingModel;
  /** One line for people: shown next to prices and in docs/costs.md. */
  summary: string;
  /** Where the rule comes from. */
  source: string;
  windows: WindowRules;
}

/** Conversation-based pricing: charged per 24-hour conversation per category and customer. */
export interface CbpRuleSet extends RuleSetBase {
  model: "CBP";
  conversationHours: number;
  /** Service conversations: free outright, or a monthly allowance before they are charged. */
  serviceConversations: { kind: "free" } | { kind: "free_tier"; freePerMonth: number };
}

/** Per-message pricing: charged per delivered message by category and market. */
export interface PmpRuleSet extends RuleSetBase {
  model: "PMP";
  /** Utility templates delivered inside an open customer service window. */
  utilityInsideServiceWindow: "free" | "charged";
  /** Non-template (service) messages: free, or a monthly allowance per phone number. */
  serviceMessages:
    | { kind: "free" }
    | {
        kind: "free_tier";
        freePerMonthPerNumber: number;
        /** Beyond the allowance, the rate card category whose rate applies. */
        chargedAtRateOf: "utility";
      };
}

export type PricingRuleSet = CbpRuleSet | PmpRuleSet;

const windows: WindowRules = {
  serviceWindowHours: 24,
  entryPointAnswerWithinHours: 24,
  entryPointWindowHours: 72,
};

/** Oldest first. Coexistence itself is younger than the first entry. */
export const pricingRuleSets: readonly PricingRuleSet[] = [
  {
    id: "cbp-2023-06-01",
    effectiveFrom: "2023-06-01T00:00:00Z",
    model: "CBP",
    summary:
      "Conversation-based pricing: one charge per 24-hour conversation per category; the first 1,000 service conversations a month are free.",
    source:
      "Meta, Conversation-based pricing (developers.facebook.com/docs/whatsapp/pricing/conversation-based-pricing); spec coexistence.md §4",
    windows,
    conversationHours: 24,
    serviceConversations: { kind: "free_tier", freePerMonth: 1000 },
  },
  {
    id: "cbp-2024-11-01",
    effectiveFrom: "2024-11-01T00:00:00Z",
    model: "CBP",
    summary:
      "Conversation-based pricing; service conversations are free without limit from 2024-11-01.",
    source:
      "Meta, Pricing updates on the WhatsApp Business Platform (developers.facebook.com/docs/whatsapp/pricing/updates-to-pricing); spec coexistence.md §4",
    windows,
    conversationHours: 24,
    serviceConversations: { kind: "free" },
  },
  {
    id: "pmp-2025-07-01",
    effectiveFrom: "2025-07-01T00:00:00Z",
    model: "PMP",
    summary:
      "Per-message pricing: marketing and authentication templates charged; utility templates free inside the service window; service messages free.",
    source:
      "Meta, Pricing on the WhatsApp Business Platform (developers.facebook.com/docs/whatsapp/pricing); spec coexistence.md §4",
    windows,
    utilityInsideServiceWindow: "free",
    serviceMessages: { kind: "free" },
  },
  {
    id: "pmp-2026-10-01",
    effectiveFrom: "2026-10-01T00:00:00Z",
    model: "PMP",
    summary:
      "Per-message pricing; service messages charged at the market's utility rate after 1,000 free per phone number a month; utility templates inside the service window charged; the free entry point stays free.",
    source:
      "Meta, non-template message pricing (developers.facebook.com/documentation/business-messaging/whatsapp/pricing); spec coexistence.md §4",
    windows,
    utilityInsideServiceWindow: "charged",
    serviceMessages: { kind: "free_tier", freePerMonthPerNumber: 1000, chargedAtRateOf: "utility" },
  },
];

export class PricingRulesError extends Error {
  override name = "PricingRulesError";
}

/** Rule sets with parsed start times, newest first; computed once per rule set list. */
const parsedRuleSets = new WeakMap<readonly PricingRuleSet[], Array<[number, PricingRuleSet]>>();

function newestFirst(ruleSets: readonly PricingRuleSet[]): Array<[number, PricingRuleSet]> {
  let parsed = parsedRuleSets.get(ruleSets);
  if (!parsed) {
    parsed = ruleSets
      .map((ruleSet): [number, PricingRuleSet] => {
        const from = Date.parse(ruleSet.effectiveFrom);
        if (Number.isNaN(from)) {
          throw new PricingRulesError(`Rule set ${ruleSet.id}: effectiveFrom is not a date`);
        }
        return [from, ruleSet];
      })
      .sort((a, b) => b[0] - a[0]);
    parsedRuleSets.set(ruleSets, parsed);
  }
  return parsed;
}

/** The rule set in force at `at`; throws when `at` predates every rule set or is not a date. */
export function ruleSetAt(
  at: Date,
  ruleSets: readonly PricingRuleSet[] = pricingRuleSets,
): PricingRuleSet {
  const time = at.getTime();
  if (Number.isNaN(time))
    throw new PricingRulesError("Cannot price a message with an invalid date");
  const parsed = newestFirst(ruleSets);
  for (const [from, ruleSet] of parsed) {
    if (from <= time) return ruleSet;
  }
  const oldest = parsed[parsed.length - 1]?.[1].effectiveFrom ?? "nowhere";
  throw new PricingRulesError(
    `No pricing rule set covers ${at.toISOString()}: the oldest starts ${oldest}`,
  );
}

/** A rule set by id (for showing its summary and source next to a price). */
export function ruleSetById(
  id: string,
  ruleSets: readonly PricingRuleSet[] = pricingRuleSets,
): PricingRuleSet | undefined {
  return ruleSets.find((ruleSet) => ruleSet.id === id);
}
