import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * The sandbox's own state: the simulated Meta side (businesses, their phones and customers,
 * codes, tokens, sync requests, messages, webhook deliveries). Never joined with the hub's tables:
 * the hub only sees the sandbox over HTTP, as it would see Meta.
 * Times named `*At` hold the sandbox clock (real time + the clock offset) unless said otherwise.
 */

export type SandboxFaults = {
  duplicate?: boolean;
  shuffle?: boolean;
  batch?: boolean;
  /** A slow Meta: milliseconds between the POSTs of one emission (default 150). */
  spacing_ms?: number;
};

export const sandboxNumberStatuses = ["new", "connected", "disconnected", "offboarded"] as const;
export type SandboxNumberStatus = (typeof sandboxNumberStatuses)[number];

/** A WhatsApp Business app on a phone, with its WABA and business portfolio. */
export const sandboxNumbers = pgTable(
  "sandbox_numbers",
  {
    phoneNumberId: text("phone_number_id").primaryKey(),
    wabaId: text("waba_id").notNull(),
    businessId: text("business_id").notNull(),
    businessName: text("business_name").notNull(),
    // Digits only, as Meta writes it in webhooks' metadata.
    displayPhoneNumber: text("display_phone_number").notNull(),
    countryCode: text("country_code").notNull(),
    verifiedName: text("verified_name").notNull(),
    qualityRating: text("quality_rating").notNull().default("GREEN"),
    // false: the popup ends with Meta's "number not eligible" error.
    eligible: boolean("eligible").notNull().default(true),
    // What the business answers to "Share chat history?" (the popup can change it).
    shareHistory: boolean("share_history").notNull().default(true),
    historyDays: integer("history_days").notNull().default(90),
    // A busy business's history: that many messages a day (null: 1-4 conversations a contact).
    historyMessagesPerDay: integer("history_messages_per_day"),
    // Messages per history chunk (lib/sandbox/history.ts: Meta names no size).
    historyChunkSize: integer("history_chunk_size").notNull().default(40),
    status: text("status").$type<SandboxNumberStatus>().notNull().default("new"),
    onboardedAt: timestamp("onboarded_at", { withTimezone: true }),
    // The primary phone last used the app (echoes, "open the app"): Meta cuts after ~14 days.
    lastAppActivityAt: timestamp("last_app_activity_at", { withTimezone: true }),
    subscribed: boolean("subscribed").notNull().default(false),
    // override_callback_uri from subscribed_apps, or set at creation; else SANDBOX_WEBHOOK_URL.
    webhookUrl: text("webhook_url"),
    faults: jsonb("faults").$type<SandboxFaults>().notNull().default({}),
    // false: customers' phones do not read API messages by themselves (sent, delivered only);
    // the control API's `read` makes them read, so a test can watch the ticks change.
    autoRead: boolean("auto_read").notNull().default(true),
    // true: payloads carry parent BSUIDs beside BSUIDs (a business that enabled them with Meta).
    parentBsuids: boolean("parent_bsuids").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sandbox_numbers_waba_key").on(t.wabaId)],
);
export type SandboxNumber = typeof sandboxNumbers.$inferSelect;

/** The phone's address book (the source of smb_app_state_sync). */
export const sandboxContacts = pgTable(
  "sandbox_contacts",
  {
    phoneNumberId: text("phone_number_id")
      .notNull()
      .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
    waId: text("wa_id").notNull(),
    firstName: text("first_name"),
    fullName: text("full_name"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.phoneNumberId, t.waId] })],
);
export type SandboxContact = typeof sandboxContacts.$inferSelect;

/**
 * The WhatsApp users Meta has named to the business (payloads, sends) or that QA set up: the
 * sandbox plays Meta, so it always knows their number; payloads show it only when `hideNumber`
 * is off. BSUIDs are derived from the business and the number (lib/sandbox/bsuid.ts) and stored
 * so a send to a BSUID finds its customer. A number change moves the row to the new number.
 */
export const sandboxCustomers = pgTable(
  "sandbox_customers",
  {
    phoneNumberId: text("phone_number_id")
      .notNull()
      .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
    waId: text("wa_id").notNull(),
    userId: text("user_id").notNull(),
    parentUserId: text("parent_user_id").notNull(),
    // Lower-case, without the "@".
    username: text("username"),
    hideNumber: boolean("hide_number").notNull().default(false),
    profileName: text("profile_name"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.phoneNumberId, t.waId] }),
    uniqueIndex("sandbox_customers_user_id_key").on(t.phoneNumberId, t.userId),
    index("sandbox_customers_parent_user_id_idx").on(t.phoneNumberId, t.parentUserId),
    uniqueIndex("sandbox_customers_username_key")
      .on(t.phoneNumberId, t.username)
      .where(sql`${t.username} is not null`),
  ],
);
export type SandboxCustomer = typeof sandboxCustomers.$inferSelect;

/** Embedded Signup codes: stored as SHA-256, good once, for 30 seconds of sandbox time. */
export const sandboxCodes = pgTable("sandbox_codes", {
  codeHash: text("code_hash").primaryKey(),
  phoneNumberId: text("phone_number_id")
    .notNull()
    .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
  issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/** Business tokens the sandbox issued (SHA-256 only), each good for one WABA. */
export const sandboxTokens = pgTable("sandbox_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  wabaId: text("waba_id").notNull(),
  createdAt: createdAt(),
});

export const sandboxSyncRequests = pgTable(
  "sandbox_sync_requests",
  {
    requestId: text("request_id").primaryKey(),
    phoneNumberId: text("phone_number_id")
      .notNull()
      .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
    syncType: text("sync_type").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
  },
  // Once per type per onboarding: re-onboarding deletes the rows.
  (t) => [uniqueIndex("sandbox_sync_requests_once_key").on(t.phoneNumberId, t.syncType)],
);

export const sandboxMessageDirections = ["inbound", "echo", "api"] as const;
export type SandboxMessageDirection = (typeof sandboxMessageDirections)[number];

/** Live traffic after onboarding: customers' messages, app echoes and API sends. */
export const sandboxMessages = pgTable(
  "sandbox_messages",
  {
    wamid: text("wamid").primaryKey(),
    phoneNumberId: text("phone_number_id")
      .notNull()
      .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
    // The customer.
    waId: text("wa_id").notNull(),
    direction: text("direction").$type<SandboxMessageDirection>().notNull(),
    type: text("type").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    // Set on API sends: what the status webhooks carried.
    pricing: jsonb("pricing").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    // Real time, for the 20 messages/second throughput rule.
    createdAt: createdAt(),
  },
  (t) => [
    index("sandbox_messages_window_idx").on(t.phoneNumberId, t.waId, t.direction, t.at),
    index("sandbox_messages_rate_idx").on(t.phoneNumberId, t.direction, t.createdAt),
  ],
);
export type SandboxMessage = typeof sandboxMessages.$inferSelect;

/**
 * Media the sandbox's customers, app echoes and history follow-ups carried: what `GET /{media-id}`
 * answers and the download serves (bytes generated from the id, lib/sandbox/media-files.ts).
 */
export const sandboxMedia = pgTable(
  "sandbox_media",
  {
    mediaId: text("media_id").primaryKey(),
    phoneNumberId: text("phone_number_id")
      .notNull()
      .references(() => sandboxNumbers.phoneNumberId, { onDelete: "cascade" }),
    // image | sticker | document | audio | video
    kind: text("kind").notNull(),
    mimeType: text("mime_type").notNull(),
    caption: text("caption"),
    filename: text("filename"),
    // When the message carrying it was sent (sandbox clock): Meta keeps media for 30 days.
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sandbox_media_number_idx").on(t.phoneNumberId)],
);
export type SandboxMedia = typeof sandboxMedia.$inferSelect;

/** Key-value settings, e.g. the clock offset. */
export const sandboxSettings = pgTable("sandbox_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

export const sandboxDeliveryStatuses = ["pending", "sending", "delivered", "failed"] as const;
export type SandboxDeliveryStatus = (typeof sandboxDeliveryStatuses)[number];

export type SandboxDeliveryAttempt = {
  at: string;
  status?: number;
  error?: string;
  ms: number;
};

/** One webhook POST the sandbox makes as Meta, with its attempts. Times here are real time. */
export const sandboxWebhookDeliveries = pgTable(
  "sandbox_webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    phoneNumberId: text("phone_number_id"),
    wabaId: text("waba_id").notNull(),
    // Comma-separated fields of the changes in the body, for filtering.
    fields: text("fields").notNull(),
    url: text("url").notNull(),
    // The exact bytes signed and sent.
    body: text("body").notNull(),
    status: text("status").$type<SandboxDeliveryStatus>().notNull().default("pending"),
    attempts: jsonb("attempts").$type<SandboxDeliveryAttempt[]>().notNull().default([]),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("sandbox_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("sandbox_deliveries_number_idx").on(t.phoneNumberId, t.id),
  ],
);
export type SandboxWebhookDelivery = typeof sandboxWebhookDeliveries.$inferSelect;

/**
 * The WABAs' message templates on the simulated Meta side. Meta's review is played by time: a
 * template reads PENDING until `reviewedAt` (real time), then `decision` (APPROVED / REJECTED);
 * the status webhook is queued for that same moment. `status` set by the control API (PAUSED,
 * DISABLED...) overrides the decision once reviewed.
 */
export const sandboxTemplates = pgTable(
  "sandbox_templates",
  {
    id: text("id").primaryKey(),
    wabaId: text("waba_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    category: text("category").notNull(),
    // The category the template was submitted with, when the review changed it.
    previousCategory: text("previous_category"),
    components: jsonb("components").$type<Record<string, unknown>[]>().notNull(),
    parameterFormat: text("parameter_format"),
    decision: text("decision").notNull(),
    rejectedReason: text("rejected_reason"),
    status: text("status"),
    qualityScore: text("quality_score").notNull().default("UNKNOWN"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
    edits: integer("edits").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sandbox_templates_name_key").on(t.wabaId, t.name, t.language)],
);
export type SandboxTemplate = typeof sandboxTemplates.$inferSelect;
