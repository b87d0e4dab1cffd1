import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { messages } from "./chats";
import { channelScope, channels, clients, partners } from "./partners";

/**
 * Session costs (docs/costs.md, "Costs in the hub"). The pricing engine (lib/costs) is pure; these tables
 * keep its verdicts so month and client reports read a few rollup rows instead of repricing.
 * A periodic job prices what new or changed messages can reach (watermark on
 * messages.updated_at per channel, lib/costs/incremental.ts) and moves the rollups by difference.
 */

/** The engine's verdict on one outbound message. */
export const messageCosts = pgTable(
  "message_costs",
  {
    messageId: uuid("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    ...channelScope(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull(),
    customerWaId: text("customer_wa_id").notNull(),
    wamid: text("wamid"),
    at: timestamp("at", { withTimezone: true }).notNull(),
    origin: text("origin").notNull(),
    type: text("type").notNull(),
    charged: boolean("charged").notNull(),
    category: text("category").notNull(),
    rateCategory: text("rate_category"),
    model: text("model"),
    // Millionths of the currency unit; null when free or when no rate is known.
    amountMicros: bigint("amount_micros", { mode: "number" }),
    currency: text("currency"),
    rateKnown: boolean("rate_known").notNull().default(true),
    reason: text("reason").notNull(),
    freeBecause: text("free_because"),
    ruleSetId: text("rule_set_id"),
    market: text("market"),
    decidedBy: text("decided_by").notNull(),
    disagreement: jsonb("disagreement").$type<Record<string, unknown>>(),
    outsideServiceWindow: boolean("outside_service_window").notNull().default(false),
    allowanceCount: integer("allowance_count"),
    pricedAt: timestamp("priced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A channel's period, and everything the Costs tab sums per conversation (an index-only
    // scan: drizzle has no INCLUDE, so the summed columns are trailing key columns).
    index("message_costs_channel_period_idx").on(
      t.channelId,
      t.at,
      t.partnerId,
      t.contactId,
      t.customerWaId,
      t.charged,
      t.amountMicros,
    ),
    index("message_costs_partner_at_idx").on(t.partnerId, t.at),
    // The month's free-tier places in order (the pricing job counts those before a change).
    index("message_costs_allowance_idx")
      .on(t.channelId, t.at, t.messageId)
      .where(sql`${t.allowanceCount} is not null`),
    index("message_costs_contact_idx").on(t.contactId, t.at),
    // The admins' list of Meta disagreements: few rows, counted and listed without a scan.
    index("message_costs_disagreement_idx")
      .on(t.partnerId, t.at)
      .where(sql`${t.disagreement} is not null`),
    index("message_costs_channel_disagreement_idx")
      .on(t.channelId, t.at, t.partnerId)
      .where(sql`${t.disagreement} is not null`),
  ],
);

/** Per channel, UTC day, category and free bucket: what the reports sum. */
export const costRollups = pgTable(
  "cost_rollups",
  {
    ...channelScope(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    category: text("category").notNull(),
    charged: boolean("charged").notNull(),
    // '' when charged (part of the key).
    freeBecause: text("free_because").notNull(),
    currency: text("currency").notNull(),
    messages: integer("messages").notNull(),
    amountMicros: bigint("amount_micros", { mode: "number" }).notNull(),
    noRate: integer("no_rate").notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.channelId, t.day, t.category, t.charged, t.freeBecause, t.currency],
    }),
    index("cost_rollups_partner_day_idx").on(t.partnerId, t.day),
    index("cost_rollups_client_day_idx").on(t.clientId, t.day),
  ],
);

/** How far each channel's messages are priced: the job's watermark and claim row. */
export const costWatermarks = pgTable("cost_watermarks", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  partnerId: uuid("partner_id")
    .notNull()
    .references(() => partners.id, { onDelete: "cascade" }),
  // Highest messages.updated_at priced (null: never).
  pricedThrough: timestamp("priced_through", { withTimezone: true, precision: 6 }),
  // A priced message was removed (a stub folded into the send it belonged to, lib/chats/send):
  // the free-tier places after this time must be counted again.
  recountFrom: timestamp("recount_from", { withTimezone: true, precision: 3 }),
  // A lease, not a held transaction: one instance prices a channel at a time.
  claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type MessageCost = typeof messageCosts.$inferSelect;
