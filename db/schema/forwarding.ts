import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";
import { channels, partnerRef, partners } from "./partners";

/** Where a channel's events go: the partner's URL for this number, with custom headers. */
export const channelWebhooks = pgTable("channel_webhooks", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  partnerId: uuid("partner_id")
    .notNull()
    .references(() => partners.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  // Custom headers often carry the partner's own auth tokens: AES-GCM ciphertext of a JSON object.
  headersEncrypted: text("headers_encrypted"),
  ...timestamps(),
});

export const deliveryKinds = ["channel", "partner"] as const;
export const deliveryKind = pgEnum("forwarding_delivery_kind", deliveryKinds);
export const deliveryStatuses = ["pending", "delivering", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryStatus = pgEnum("forwarding_delivery_status", deliveryStatuses);

/**
 * One event to one URL, delivered at least once. The body is stored as the exact bytes that are
 * signed and sent, so a retry or a redelivery sends the same thing.
 */
export const forwardingDeliveries = pgTable(
  "forwarding_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Insertion order: what "earlier" means for ordering per channel.
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    partnerId: partnerRef(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    kind: deliveryKind("kind").notNull(),
    event: text("event").notNull(),
    url: text("url").notNull(),
    body: text("body").notNull(),
    // The conversation: deliveries sharing an order key go out one at a time, oldest first
    // (`<channel id>:<customer wa_id>`, or the channel id for events without a customer).
    orderKey: text("order_key"),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    // A claim expires, so a worker that died mid-delivery does not strand the event.
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastLatencyMs: integer("last_latency_ms"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    // When the first attempt failed: an hour later the delivery stops holding its conversation.
    firstFailedAt: timestamp("first_failed_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // Partial indexes over unfinished rows only: the claim reads these, whatever the statistics
    // say, and they stay small however long the delivery log grows.
    index("forwarding_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("forwarding_deliveries_claimed_idx")
      .on(t.claimedUntil)
      .where(sql`${t.status} = 'delivering'`),
    index("forwarding_deliveries_open_order_idx")
      .on(t.orderKey, t.seq)
      .where(sql`${t.status} in ('pending', 'delivering')`),
    index("forwarding_deliveries_partner_idx").on(t.partnerId, t.createdAt),
    index("forwarding_deliveries_channel_idx").on(t.channelId, t.createdAt),
  ],
);

export type ChannelWebhook = typeof channelWebhooks.$inferSelect;
export type ForwardingDelivery = typeof forwardingDeliveries.$inferSelect;
