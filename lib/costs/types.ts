import type { MetaPricing } from "@/lib/meta/webhooks";

/**
 * The pricing engine's input and output. Plain data, no database types: the data layer maps
 * its message rows onto `CostMessage` (see docs/costs.md, "Costs and pricing rules").
 */

/** Where a message came from, as the hub records it. */
export type MessageOrigin =
  /** A customer's message received live through the `messages` webhook. */
  | "customer"
  /** Sent by the hub through the Cloud API (composer, Messaging API, automation). */
  | "api"
  /** Sent by the business from the WhatsApp Business app (an `smb_message_echoes` echo). */
  | "app"
  /** Imported by the one-time `history` sync (either direction, before onboarding). */
  | "history";

export type MessageDirection = "inbound" | "outbound";

/** Template categories as Meta approves them (lower case). */
export type TemplateCategory = "marketing" | "utility" | "authentication";

/**
 * Pricing categories as Meta reports them in `pricing.category`. Kept open (`string & {}`): Meta
 * adds categories, and an unknown one must price as "no rate known", not fail.
 */
export type PricingCategory =
  | TemplateCategory
  | "authentication-international"
  | "service"
  | "marketing_lite"
  | "referral_conversion"
  | (string & {});

export type PricingModel = "CBP" | "PMP";

/** One message of a channel, in the shape the engine reads. */
export interface CostMessage {
  /** Stable id (the wamid or the hub's own id); reasons and bands refer to it. */
  id: string;
  /** When it was sent or received (Meta's timestamp; for history, the device time). */
  at: Date;
  origin: MessageOrigin;
  direction: MessageDirection;
  /**
   * The customer's number, digits only as Meta writes it (`wa_id`, no `+`); for a customer who
   * hides their number, their BSUID (`BR.150…`), whose country prefix tells the market.
   */
  waId: string;
  /** The person (the hub's contact id) when known: one window per person, by number or BSUID. */
  customer?: string;
  /** Meta's message type: `text`, `template`, `image`, `reaction`, `system`, ... */
  type: string;
  /** Present when the message is a template (Meta's category of the approved template). */
  template?: { name: string; category: TemplateCategory | (string & {}) } | null;
  /** A customer message that carried a `referral` (Click-to-WhatsApp ad or Page CTA). */
  referral?: boolean;
  /** Meta's `pricing` object from the message's status webhooks, when one came. */
  pricing?: MetaPricing | null;
  /** `statuses[].conversation.id`, when Meta sent one (CBP conversations are keyed by it). */
  metaConversationId?: string | null;
  /** The send failed (`failed` status): nothing is billed and no window or conversation opens. */
  failed?: boolean;
}

/** What the engine needs to know about the channel (one phone number). */
export interface CostChannel {
  /** When the number was onboarded onto the Cloud API: customer messages before it open nothing. */
  onboardedAt: Date;
}

/** Why a message costs nothing: the buckets the totals report. */
export type FreeBecause =
  /** Sent from the WhatsApp Business app: Meta never bills those. */
  | "app"
  /** Imported history: sent before onboarding, never billed by Meta. */
  | "history"
  /** Free because it went inside the customer service window (service, in-window utility). */
  | "window"
  /** Inside a 72-hour free entry point window (ad or Page CTA referral). */
  | "entry_point"
  /** Within a monthly free allowance (1,000 service conversations or messages a month). */
  | "free_tier"
  /** CBP: covered by a conversation already open (its opening message carries the charge). */
  | "in_conversation"
  /** The send failed: nothing delivered, nothing billed. */
  | "not_delivered";

export interface Market {
  /** Rate card market id (`BR`, `IN`, `NA`, ...), or null when the card has no market for it. */
  id: string | null;
  name: string;
  /** ISO 3166-1 alpha-2 when libphonenumber can tell it. */
  country: string | null;
  callingCode: string | null;
  /** Told by the BSUID's country prefix: Meta gave no number (a username-only customer). */
  fromBsuid?: boolean;
}

export interface Money {
  currency: string;
  /** Millionths of the currency unit, an integer: sums stay exact. */
  micros: number;
}

export type RateLookup =
  | { known: true; rateId: string; price: Money; effectiveFrom: string; source: string }
  | { known: false; why: string };

/** One CBP conversation (24 h, one category) as the engine opened it. */
export interface CbpConversation {
  id: string;
  waId: string;
  category: PricingCategory;
  start: Date;
  end: Date;
  openedBy: string;
  charged: boolean;
}

/** Meta's pricing object disagreed with what the rules predicted. Meta's answer is kept. */
export interface PricingDisagreement {
  fields: Array<"charged" | "category" | "model">;
  engine: { charged: boolean; category: PricingCategory; model: PricingModel; reason: string };
  meta: { charged: boolean; category: PricingCategory; model: PricingModel; type: string | null };
}

/** The engine's verdict on one outbound message. */
export interface PricedMessage {
  messageId: string;
  waId: string;
  at: Date;
  origin: MessageOrigin;
  charged: boolean;
  /** Meta's pricing category (or what it would be); for app and history messages, what it would be. */
  category: PricingCategory;
  /** The rate card category the amount comes from (service beyond the free tier: `utility`). */
  rateCategory: PricingCategory | null;
  /** Null for app and history messages: Meta does not price them at all. */
  model: PricingModel | null;
  /** The charge; null when free, or when charged but no rate is known (see `rate`). */
  amount: Money | null;
  /** The rate card answer for charged messages; null when free. */
  rate: RateLookup | null;
  /** Why, in words: "charged: marketing template", "free: sent from the app", ... */
  reason: string;
  freeBecause: FreeBecause | null;
  /** The pricing rule set in force at `at` (null for app and history messages). */
  ruleSetId: string | null;
  market: Market;
  /** `meta` when Meta's pricing object decided charged/category/model, `engine` otherwise. */
  decidedBy: "engine" | "meta";
  /** Set when Meta's pricing object disagrees with the engine's prediction. */
  disagreement: PricingDisagreement | null;
  /** CBP only: the conversation this message opened or fell into. */
  conversation: CbpConversation | null;
  /** Free-form sent outside the service window: Meta rejects it (error 131047). */
  outsideServiceWindow: boolean;
  /**
   * Its place in the month's free allowance (service messages from 2026-10-01, service
   * conversations before 2024-11-01), or null when it takes none. Store it: the month's highest
   * value is the `serviceCountBefore` for the next message (`priceNewMessage`).
   */
  allowanceCount: number | null;
}

export type WindowKind = "service" | "entry_point" | "conversation";

/** A band on a conversation's timeline. */
export interface WindowBand {
  waId: string;
  kind: WindowKind;
  /** For `conversation` bands (CBP): the conversation's category. */
  category: PricingCategory | null;
  start: Date;
  end: Date;
  /** The message that opened it (customer message, business reply, or template). */
  openedBy: string;
  /** Service windows: every later customer message that pushed the end out. */
  extendedBy: string[];
}

export interface PriceChannelResult {
  /** One entry per outbound message (api, app, and history sent by the business), in time order. */
  priced: PricedMessage[];
  /** Service windows, free entry point windows and CBP conversations, in start order. */
  windows: WindowBand[];
}
