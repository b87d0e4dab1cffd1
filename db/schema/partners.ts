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
import { createdAt, timestamps } from "./columns";

/** A Business Solution Provider's partner: an ISV, agency or reseller. The tenant boundary. */
export const partners = pgTable(
  "partners",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // The public onboarding link is /onboard/<slug>.
    slug: text("slug").notNull(),
    logoUrl: text("logo_url"),
    // Signs onboarding links and forwarded webhooks; AES-GCM ciphertext, never plaintext.
    secretEncrypted: text("secret_encrypted"),
    // After a rotation the previous secret keeps signing (alongside the new one) until this time,
    // so partners can switch their verification without dropping events.
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    requireSignedLinks: boolean("require_signed_links").notNull().default(false),
    allowedRedirectUrls: jsonb("allowed_redirect_urls").$type<string[]>().notNull().default([]),
    webhookUrl: text("webhook_url"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("partners_slug_key").on(t.slug)],
);

/** The tenant: denormalised onto every row so each tenancy filter is one column, one index. */
export const partnerRef = () =>
  uuid("partner_id")
    .notNull()
    .references(() => partners.id, { onDelete: "cascade" });

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stored lower-cased; the unique index is the guard against two accounts for one address.
    email: text("email").notNull(),
    name: text("name"),
    // scrypt (lib/auth/password); older bcrypt hashes are rehashed at the next sign-in. Null until
    // an invited user sets a password through their one-time link: no password signs in.
    passwordHash: text("password_hash"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const membershipRoles = ["owner", "member", "client"] as const;
export type MembershipRole = (typeof membershipRoles)[number];
export const membershipRole = pgEnum("membership_role", membershipRoles);

export const clientStatuses = ["active", "archived"] as const;
export const clientStatus = pgEnum("client_status", clientStatuses);

/** A partner's customer: a small business owning one or more WhatsApp numbers. */
export const clients = pgTable(
  "clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: partnerRef(),
    name: text("name").notNull(),
    email: text("email"),
    // The partner's own id for this client (360dialog's `partner` link parameter).
    partnerPayload: text("partner_payload"),
    maxChannels: integer("max_channels").notNull().default(1),
    status: clientStatus("status").notNull().default("active"),
    ...timestamps(),
  },
  (t) => [
    index("clients_partner_idx").on(t.partnerId, t.createdAt),
    uniqueIndex("clients_partner_payload_key")
      .on(t.partnerId, t.partnerPayload)
      .where(sql`${t.partnerPayload} is not null`),
  ],
);

/** Client users (role `client`) are pinned to one client; owners and members see the partner. */
export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    partnerId: partnerRef(),
    role: membershipRole("role").notNull(),
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "cascade" }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.partnerId] }),
    index("memberships_partner_idx").on(t.partnerId),
  ],
);

export const channelStatuses = ["pending", "connected", "disconnected", "offboarded"] as const;
export type ChannelStatus = (typeof channelStatuses)[number];
export const channelStatus = pgEnum("channel_status", channelStatuses);

/** One WhatsApp phone number on the Cloud API (in coexistence: also still on the app). */
export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Denormalised from the client so every tenant filter is one column, one index.
    partnerId: partnerRef(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    wabaId: text("waba_id").notNull(),
    // A number can be connected to one partner only: unique across all tenants.
    phoneNumberId: text("phone_number_id").notNull(),
    businessId: text("business_id"),
    // E.164 digits without `+`, as Meta's webhook metadata carries it.
    displayPhoneNumber: text("display_phone_number").notNull(),
    verifiedName: text("verified_name"),
    countryCode: text("country_code"),
    status: channelStatus("status").notNull().default("pending"),
    coexistence: boolean("coexistence").notNull().default(true),
    qualityRating: text("quality_rating"),
    onboardedAt: timestamp("onboarded_at", { withTimezone: true }),
    businessTokenEncrypted: text("business_token_encrypted"),
    lastAppActivityAt: timestamp("last_app_activity_at", { withTimezone: true }),
    // Meta fixes coexistence numbers at 20 messages per second whatever the tier.
    throughputCap: integer("throughput_cap").notNull().default(20),
    // Meta's messaging limit as phone_number_quality_update last reported it (TIER_1K,
    // TIER_UNLIMITED..., raw): max_daily_conversations_per_business, else current_limit.
    messagingLimit: text("messaging_limit"),
    // When the WABA's templates were last read from Meta; null: read them before the next list
    // (never read, or a webhook named a template the hub does not know).
    templatesSyncedAt: timestamp("templates_synced_at", { withTimezone: true }),
    disconnectReason: text("disconnect_reason"),
    // The contacts and history syncs of the current onboarding (lib/onboarding/sync-state.ts):
    // facts written in the same transaction as the sync request or the webhook that establishes
    // them, and reset when the number is onboarded again, so a list reads them from the row.
    // Bumped by each re-onboarding; keys history chunks and declines to their onboarding.
    syncGeneration: integer("sync_generation").notNull().default(0),
    // The onboarding session whose syncs these are (a retried step of it changes nothing).
    syncSessionId: uuid("sync_session_id"),
    contactsSyncRequestedAt: timestamp("contacts_sync_requested_at", { withTimezone: true }),
    contactsSyncRequestId: text("contacts_sync_request_id"),
    // The first smb_app_state_sync webhook since the onboarding.
    contactsSyncedAt: timestamp("contacts_synced_at", { withTimezone: true }),
    historySyncRequestedAt: timestamp("history_sync_requested_at", { withTimezone: true }),
    historySyncRequestId: text("history_sync_request_id"),
    // The highest `progress` of this onboarding's history chunks (they arrive in any order).
    historyProgress: real("history_progress"),
    historyDeclinedAt: timestamp("history_declined_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("channels_phone_number_id_key").on(t.phoneNumberId),
    index("channels_partner_idx").on(t.partnerId, t.createdAt),
    index("channels_client_idx").on(t.clientId),
    index("channels_waba_idx").on(t.wabaId),
  ],
);

/** A row that belongs to one channel of one partner (gone with either). */
export const channelScope = () => ({
  partnerId: partnerRef(),
  channelId: uuid("channel_id")
    .notNull()
    .references(() => channels.id, { onDelete: "cascade" }),
});

export const apiKeyKinds = ["partner", "channel"] as const;
export type ApiKeyKind = (typeof apiKeyKinds)[number];
export const apiKeyKind = pgEnum("api_key_kind", apiKeyKinds);

/** Only a SHA-256 of the secret and a short prefix are kept; the secret is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: partnerRef(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    kind: apiKeyKind("kind").notNull(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Requests per minute for this key; one fixed window per minute, counted in Postgres.
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(120),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.hash),
    index("api_keys_partner_idx").on(t.partnerId, t.createdAt),
    index("api_keys_channel_idx").on(t.channelId, t.createdAt),
  ],
);

export const auditActorTypes = ["user", "api_key", "system"] as const;
export const auditActorType = pgEnum("audit_actor_type", auditActorTypes);

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: partnerRef(),
    actorType: auditActorType("actor_type").notNull(),
    actorId: text("actor_id"),
    // The user's email or the key's prefix at the time, so the log stays readable after deletion.
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_partner_idx").on(t.partnerId, t.createdAt),
    index("audit_log_partner_action_idx").on(t.partnerId, t.action, t.createdAt),
  ],
);

/**
 * Per-key request counts, one row per key and minute. In Postgres, not memory: every app instance
 * must see the same count. Old windows are deleted by a periodic job.
 */
export const apiRateLimits = pgTable(
  "api_rate_limits",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.windowStart] })],
);

export type Partner = typeof partners.$inferSelect;
export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditLogEntry = typeof auditLog.$inferSelect;
