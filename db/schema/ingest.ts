import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { channelScope, channels, partnerRef } from "./partners";

/**
 * pending: stored, not processed yet (a worker claims it). processed: every change applied.
 * partial: applied, except items or changes the notes (last_error) name with their reason (a
 * status value Meta added, a change that failed to write). ignored: nothing the hub acts on
 * (unknown field or event). unparseable: signed but not JSON or not an envelope.
 * unknown_channel: a number/WABA the hub does not know yet (reprocessed when it is onboarded).
 * failed: nothing could be written; retried with backoff.
 */
export const webhookOutcomes = [
  "pending",
  "processed",
  "ignored",
  "unparseable",
  "unknown_channel",
  "failed",
  "partial",
] as const;
export type WebhookOutcome = (typeof webhookOutcomes)[number];
export const webhookOutcome = pgEnum("webhook_outcome", webhookOutcomes);

/** Every signed POST from Meta, as received: the durable record a 200 promises. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    // The raw body; base64 when the bytes are not valid UTF-8 text (see bodyEncoding).
    body: text("body").notNull(),
    bodyEncoding: text("body_encoding").$type<"utf8" | "base64">().notNull().default("utf8"),
    bodyBytes: integer("body_bytes").notNull(),
    // Unsigned requests are refused and never stored; kept so the record says what was checked.
    signatureValid: boolean("signature_valid").notNull(),
    // SHA-256 of the raw bytes: Meta's retries resend the same bytes.
    dedupeKey: text("dedupe_key").notNull(),
    deliveries: integer("deliveries").notNull().default(1),
    lastDeliveredAt: timestamp("last_delivered_at", { withTimezone: true }).notNull().defaultNow(),
    outcome: webhookOutcome("outcome").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    lastError: text("last_error"),
    // Filled by processing: what the body holds and where it routes.
    fields: text("fields").array(),
    wabaIds: text("waba_ids").array(),
    phoneNumberIds: text("phone_number_ids").array(),
    // The channel when every change resolves to one (the usual case); see webhookEventChannels.
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("webhook_events_dedupe_key").on(t.dedupeKey),
    index("webhook_events_received_idx").on(t.receivedAt),
    // The sweep's work list stays small: only events still to do.
    index("webhook_events_todo_idx")
      .on(t.outcome, t.receivedAt)
      .where(sql`${t.outcome} in ('pending', 'failed', 'unknown_channel')`),
  ],
);

/** Which channels (and so which partners) an event touches: the events page's tenancy. */
export const webhookEventChannels = pgTable(
  "webhook_event_channels",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    partnerId: partnerRef(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.channelId] }),
    index("webhook_event_channels_partner_idx").on(t.partnerId, t.receivedAt),
    index("webhook_event_channels_channel_idx").on(t.channelId, t.receivedAt),
  ],
);

/** Requests refused before storing (bad signature, too large), counted per minute. */
export const webhookRejections = pgTable(
  "webhook_rejections",
  {
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    reason: text("reason").$type<"bad_signature" | "too_large">().notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.minute, t.reason] })],
);

/** One history chunk received for a channel (any order; a redelivery is the same row). */
export const historyChunks = pgTable(
  "history_chunks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    // The channel's sync_generation when the chunk came: a number onboarded again gets a new
    // import whose chunks reuse the same (phase, chunk_order).
    generation: integer("generation").notNull().default(0),
    phase: integer("phase").notNull(),
    chunkOrder: integer("chunk_order").notNull(),
    progress: real("progress").notNull(),
    threadCount: integer("thread_count").notNull(),
    messageCount: integer("message_count").notNull(),
    webhookEventId: uuid("webhook_event_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("history_chunks_generation_key").on(
      t.channelId,
      t.generation,
      t.phase,
      t.chunkOrder,
    ),
  ],
);

export const channelEventKinds = [
  "account_update",
  "template_status",
  "quality_update",
  "name_update",
  "history_declined",
  "template_quality",
  "template_category",
  "account_alert",
  "business_capability",
] as const;
export type ChannelEventKind = (typeof channelEventKinds)[number];
export const channelEventKind = pgEnum("channel_event_kind", channelEventKinds);

/** A channel's lifecycle as Meta reported it: account updates, quality, names, templates. */
export const channelEvents = pgTable(
  "channel_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    kind: channelEventKind("kind").notNull(),
    // Meta's event name (PARTNER_REMOVED, APPROVED, FLAGGED...).
    event: text("event").notNull(),
    // The reason, when Meta gives one (disconnection_info.reason, rejection reason).
    reason: text("reason"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    // entry.time, or the time the event was received when Meta gives none.
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    // SHA-256 of (kind, entry time, value): a redelivery in another batch is the same event.
    dedupeKey: text("dedupe_key").notNull(),
    webhookEventId: uuid("webhook_event_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("channel_events_key").on(t.channelId, t.dedupeKey),
    index("channel_events_channel_idx").on(t.channelId, t.occurredAt),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type HistoryChunkRow = typeof historyChunks.$inferSelect;
export type ChannelEvent = typeof channelEvents.$inferSelect;
