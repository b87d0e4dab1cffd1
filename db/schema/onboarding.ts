import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { EligibilityCheck } from "@/lib/onboarding/eligibility";
import type { StepRecords } from "@/lib/onboarding/steps";
import { createdAt } from "./columns";
import { channels, clients, partnerRef } from "./partners";

export const onboardingStatuses = [
  "ineligible", // the checklist stopped the client before any popup
  "eligible", // checklist passed, popup not opened yet
  "popup_opened",
  "cancelled", // CANCEL with current_step
  "errored", // CANCEL with error_id, or ERROR
  "in_progress", // FINISH received, server steps running
  "failed", // a server step failed; resumable
  "needs_restart", // the code exchange failed or expired: a new popup is needed
  "completed",
] as const;
export type OnboardingStatus = (typeof onboardingStatuses)[number];
export const onboardingStatus = pgEnum("onboarding_status", onboardingStatuses);

/**
 * One client's attempt to connect a number, from the checklist to the last sync request. The id
 * is the client's only credential (they have no account): it is random and never listed publicly.
 */
export const onboardingSessions = pgTable(
  "onboarding_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: partnerRef(),
    status: onboardingStatus("status").notNull(),
    // Link parameters, as the partner sent them.
    state: text("state"),
    partnerPayload: text("partner_payload"),
    email: text("email"),
    name: text("name"),
    redirectUrl: text("redirect_url"),
    // The number as the client typed it, normalised (E.164 digits without +), and its country.
    number: text("number"),
    country: text("country"),
    eligibility: jsonb("eligibility").$type<EligibilityCheck[]>().notNull().default([]),
    popupEvent: text("popup_event"),
    cancelStep: text("cancel_step"),
    errorMessage: text("error_message"),
    errorId: text("error_id"),
    metaSessionId: text("meta_session_id"),
    wabaId: text("waba_id"),
    phoneNumberId: text("phone_number_id"),
    businessId: text("business_id"),
    steps: jsonb("steps").$type<StepRecords>().notNull().default({}),
    // Kept (encrypted) between the code exchange and the channel, so a failed later step can resume.
    businessTokenEncrypted: text("business_token_encrypted"),
    // A short lease so a double click or a network retry never runs the steps twice at once.
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "set null" }),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    popupOpenedAt: timestamp("popup_opened_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("onboarding_sessions_partner_idx").on(t.partnerId, t.createdAt),
    index("onboarding_sessions_phone_idx").on(t.phoneNumberId),
  ],
);

export type OnboardingSession = typeof onboardingSessions.$inferSelect;
