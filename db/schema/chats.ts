import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";
import { apiKeys, channelScope, users } from "./partners";

/**
 * The mirrored chats: one row per WhatsApp message whichever way it reached the hub (a customer,
 * the Messaging API, an echo of the app, the history import). Designed for the whole product:
 * timeline (keyset pagination), costs (origin, direction, recipient, pricing) and the Messaging
 * API (rows inserted `pending` before Meta answers with a wamid).
 */

/** One customer of one channel. A removed contact keeps its messages. */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    // The customer's WhatsApp number, digits only, as Meta sends it (`wa_id`, `from`, thread id).
    // Null for a customer known only by a business-scoped user id (a username that hides the
    // number); Meta may name the number later, and it is filled in then.
    waId: text("wa_id"),
    // The business-scoped user id (BSUID, e.g. `BR.1502576394655843`): Meta's `user_id`,
    // `from_user_id`, `recipient_user_id`... It changes when the customer changes number (a
    // `user_id_update`): the older ones stay in previousUserIds, so late events still find them.
    userId: text("user_id"),
    previousUserIds: text("previous_user_ids").array().notNull().default(sql`'{}'::text[]`),
    // The parent BSUID shared across a managed business's portfolios (`US.ENT.…`), when enabled.
    parentUserId: text("parent_user_id"),
    // The customer's WhatsApp username (`contacts[].profile.username`), shown when no number is.
    username: text("username"),
    // The name the business saved in the app (smb_app_state_sync `full_name`/`first_name`).
    appName: text("app_name"),
    // Time of the add that gave appName: the newest add names the contact, in any order.
    appNameAt: timestamp("app_name_at", { withTimezone: true }),
    // The customer's own WhatsApp profile name (`contacts[].profile.name` on live messages).
    profileName: text("profile_name"),
    // Time of the latest contact-sync action applied: an older add/remove never overwrites it.
    appSyncedAt: timestamp("app_synced_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    // Live traffic only: imported history must not reorder the inbox.
    lastLiveMessageAt: timestamp("last_live_message_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("contacts_channel_wa_id_key").on(t.channelId, t.waId),
    uniqueIndex("contacts_channel_user_id_key")
      .on(t.channelId, t.userId)
      .where(sql`${t.userId} is not null`),
    index("contacts_previous_user_ids_idx").using("gin", t.previousUserIds),
    // Ingestion's lookup of retired BSUIDs reads only the few contacts that have one.
    index("contacts_retired_user_ids_idx")
      .on(t.channelId)
      .where(sql`cardinality(${t.previousUserIds}) > 0`),
    check("contacts_identified", sql`${t.waId} is not null or ${t.userId} is not null`),
    // The inboxes' order (last live message first, never-live contacts last), per partner and
    // per channel: a page reads one index range instead of sorting every contact.
    index("contacts_partner_inbox_idx").on(t.partnerId, t.lastLiveMessageAt.desc().nullsLast()),
    index("contacts_inbox_idx").on(t.channelId, t.lastLiveMessageAt.desc().nullsLast()),
    // Inbox search (lib/chats): name and number words, prefix-matched with to_tsquery('simple', 'w:*').
    index("contacts_search_idx").using(
      "gin",
      sql`to_tsvector('simple', coalesce(${t.appName}, '') || ' ' || coalesce(${t.profileName}, '') || ' ' || coalesce(${t.username}, '') || ' ' || coalesce(${t.waId}, ''))`,
    ),
  ],
);

export const messageOrigins = ["customer", "api", "app", "history"] as const;
export type MessageOrigin = (typeof messageOrigins)[number];
export const messageOrigin = pgEnum("message_origin", messageOrigins);

export const messageDirections = ["inbound", "outbound"] as const;
export type MessageDirection = (typeof messageDirections)[number];
export const messageDirection = pgEnum("message_direction", messageDirections);

/**
 * `pending`: an API send stored before Meta answered. `unknown`: Meta's answer never came (a
 * timeout): Meta may have sent it; its status webhooks settle it (lib/chats/send/adopt.ts). Then
 * forward only: sent < delivered < read < played; `failed` is terminal (see lib/ingest/status.ts).
 */
export const messageStatusValues = [
  "pending",
  "unknown",
  "sent",
  "delivered",
  "read",
  "played",
  "failed",
] as const;
export type MessageStatus = (typeof messageStatusValues)[number];
export const messageStatus = pgEnum("message_status", messageStatusValues);

export type MessageMedia = {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  url?: string;
};

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Storage order: the last tie-breaker of the timeline's order (sent_at, arrived_at, seq), for
    // messages of the same second that also arrived together (one POST, one history chunk).
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    ...channelScope(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    // Meta's message id. Null only for an API send not yet accepted by Meta (see clientRef).
    wamid: text("wamid"),
    // The Messaging API's own reference for a row inserted before Meta gave it a wamid.
    clientRef: text("client_ref"),
    origin: messageOrigin("origin").notNull(),
    direction: messageDirection("direction").notNull(),
    // Meta's type: text, image, ..., reaction, edit, revoke, unsupported, media_placeholder;
    // `unknown` for a row known only from its statuses so far (stub).
    type: text("type").notNull(),
    // Meta's message object as received (the type's payload, context, referral...).
    content: jsonb("content").$type<Record<string, unknown>>(),
    // Searchable text: body, caption, reply title, location name; the latest edit's text.
    text: text("text"),
    // The text before the first edit.
    originalText: text("original_text"),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Meta's timestamp of the message (device time for history).
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    // When the hub got the message: Meta's timestamps are whole seconds, and the app's greeting
    // or away message is echoed in the same second as the customer's message it answers, so ties
    // on sent_at are broken by arrival, not by which of two ingestion workers stored its row
    // first. Webhooks: the event's received_at (the earliest live sighting wins; a status's stub
    // gives way to the message). API sends: the send time. History: its sent_at, so imported
    // messages of one second keep their storage order (seq) and come before live ones.
    arrivedAt: timestamp("arrived_at", { withTimezone: true }).notNull().defaultNow(),
    // Outbound only (inbound messages have none); history maps history_context.status.
    status: messageStatus("status"),
    statusAt: timestamp("status_at", { withTimezone: true }),
    errors: jsonb("errors").$type<unknown[]>(),
    // The customer as this message named them (the recipient of outbound, the sender of inbound):
    // their number when Meta gave one, else their BSUID (`BR.150…`). contactId is the person.
    customerWaId: text("customer_wa_id").notNull(),
    // context.id of a reply; reaction.message_id; edit/revoke original_message_id.
    replyToWamid: text("reply_to_wamid"),
    reactionToWamid: text("reaction_to_wamid"),
    targetWamid: text("target_wamid"),
    referral: jsonb("referral").$type<Record<string, unknown>>(),
    media: jsonb("media").$type<MessageMedia>(),
    // Messaging API sends.
    templateName: text("template_name"),
    templateCategory: text("template_category"),
    // Who sent it from the hub: a user (composer) or a channel key (Messaging API).
    sentByUserId: uuid("sent_by_user_id").references(() => users.id, { onDelete: "set null" }),
    sentByApiKeyId: uuid("sent_by_api_key_id").references(() => apiKeys.id, {
      onDelete: "set null",
    }),
    // Meta's pricing object from the statuses, and its two columns the costs engine groups by.
    pricing: jsonb("pricing").$type<Record<string, unknown>>(),
    pricingCategory: text("pricing_category"),
    pricingType: text("pricing_type"),
    conversation: jsonb("conversation").$type<Record<string, unknown>>(),
    // Known only from a status so far: the message itself fills the row when it arrives.
    stub: boolean("stub").notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("messages_channel_wamid_key")
      .on(t.channelId, t.wamid)
      .where(sql`${t.wamid} is not null`),
    uniqueIndex("messages_channel_client_ref_key")
      .on(t.channelId, t.clientRef)
      .where(sql`${t.clientRef} is not null`),
    // The timeline's keyset: (channel, contact, sent_at, arrived_at, seq).
    index("messages_timeline_idx").on(t.channelId, t.contactId, t.sentAt, t.arrivedAt, t.seq),
    // Costs and reports per partner and period.
    index("messages_partner_sent_idx").on(t.partnerId, t.sentAt),
    // Inbox search by message text (lib/chats), the same expression as the query.
    index("messages_text_search_idx").using(
      "gin",
      sql`to_tsvector('simple', coalesce(${t.text}, ''))`,
    ),
    // A timeline page's reactions, by the messages they react to.
    index("messages_channel_reaction_idx")
      .on(t.channelId, t.reactionToWamid)
      .where(sql`${t.reactionToWamid} is not null`),
    // Sends without a wamid yet (pending, or unknown after a timeout): few rows, looked up by
    // recipient for every status batch (lib/chats/send/adopt.ts).
    index("messages_unsettled_send_idx")
      .on(t.channelId, t.customerWaId)
      .where(sql`${t.wamid} is null`),
    // Health facts re-read after every burst of events (lib/health/facts.ts): the last app
    // echo, and the few messages with errors (unsupported types, the throughput cap). Without
    // them each refresh read every message of a busy channel (73 ms at 100,000).
    index("messages_channel_app_sent_idx")
      .on(t.channelId, t.sentAt)
      .where(sql`${t.origin} = 'app'`),
    index("messages_channel_errors_idx")
      .on(t.channelId, t.sentAt)
      .where(sql`${t.errors} is not null`),
    index("messages_channel_target_idx")
      .on(t.channelId, t.targetWamid)
      .where(sql`${t.targetWamid} is not null`),
  ],
);

/** Every status Meta reported, with its time: one row per (message, status). */
export const messageStatusEvents = pgTable(
  "message_status_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    wamid: text("wamid").notNull(),
    status: messageStatus("status").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recipientId: text("recipient_id").notNull(),
    pricing: jsonb("pricing").$type<Record<string, unknown>>(),
    conversation: jsonb("conversation").$type<Record<string, unknown>>(),
    errors: jsonb("errors").$type<unknown[]>(),
    webhookEventId: uuid("webhook_event_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_status_events_key").on(t.channelId, t.wamid, t.status),
    index("message_status_events_partner_idx").on(t.partnerId, t.occurredAt),
  ],
);

export type Contact = typeof contacts.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessageStatusEvent = typeof messageStatusEvents.$inferSelect;
