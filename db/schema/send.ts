import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { channels } from "./partners";

/**
 * The send path's shared state (lib/chats/send), in Postgres so every app instance sees the same:
 * the per-channel token bucket of the coexistence throughput cap, and Idempotency-Key claims.
 */

/** One token bucket per channel: refilled at the channel's cap per second, up to the cap. */
export const sendBuckets = pgTable("send_buckets", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: timestamp("refilled_at", { withTimezone: true, precision: 6 }).notNull(),
});

/**
 * An Idempotency-Key seen on a channel: claimed before sending, then the first answer is kept
 * and replayed to retries. `response` null means the first request is still running.
 */
export const sendIdempotencyKeys = pgTable(
  "send_idempotency_keys",
  {
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    // SHA-256 of the request body: the same key with another body is refused.
    requestHash: text("request_hash").notNull(),
    messageId: uuid("message_id"),
    responseStatus: integer("response_status"),
    response: jsonb("response"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.key] })],
);

export type SendIdempotencyKey = typeof sendIdempotencyKeys.$inferSelect;
