import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { channelScope, users } from "./partners";

export const acknowledgementKinds = ["app_opened", "companions_relinked"] as const;
export type AcknowledgementKind = (typeof acknowledgementKinds)[number];
export const acknowledgementKind = pgEnum("health_acknowledgement_kind", acknowledgementKinds);

export const healthSeverities = ["info", "warning", "critical"] as const;
export const healthSeverity = pgEnum("health_severity", healthSeverities);

/**
 * What a partner user confirmed about a channel that the hub cannot see: the business opened the
 * app (resets the 13-day clock) or re-linked its companions after onboarding. Kept as history,
 * with who and when, for the lifecycle timeline.
 */
export const healthAcknowledgements = pgTable(
  "health_acknowledgements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    kind: acknowledgementKind("kind").notNull(),
    byUserId: uuid("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("health_acknowledgements_channel_idx").on(t.channelId, t.kind, t.at)],
);

/**
 * A warning that became a notification. One row per occurrence (same warning id, severity and
 * start): the unique key is the dedupe, so evaluating again and again notifies once.
 * `resolvedAt` is set while the warning no longer holds, so a dismissed critical that still holds
 * stays visible.
 */
export const healthNotifications = pgTable(
  "health_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...channelScope(),
    warningId: text("warning_id").notNull(),
    severity: healthSeverity("severity").notNull(),
    // occurrenceKey() of lib/health/rules.ts: `<id>:<severity>:<since ISO>`.
    occurrence: text("occurrence").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    since: timestamp("since", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("health_notifications_occurrence_key").on(t.channelId, t.occurrence),
    index("health_notifications_partner_idx").on(t.partnerId, t.createdAt),
    // The header's unread count.
    index("health_notifications_unread_idx").on(t.partnerId).where(sql`${t.readAt} is null`),
  ],
);

export type HealthAcknowledgement = typeof healthAcknowledgements.$inferSelect;
export type HealthNotification = typeof healthNotifications.$inferSelect;
