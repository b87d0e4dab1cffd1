import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { partnerRef } from "./partners";

/**
 * A WABA's message templates as the hub last knew them: synced from Meta's list
 * (`GET /{waba}/message_templates`) and kept current by the template webhooks, so the composer
 * and the send path never wait on Meta for the list. Meta's enums (status, category, quality)
 * are stored raw: Meta adds values without notice.
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: partnerRef(),
    wabaId: text("waba_id").notNull(),
    // Meta's template id (hsm id).
    metaTemplateId: text("meta_template_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    // MARKETING | UTILITY | AUTHENTICATION | ... (raw)
    category: text("category").notNull(),
    // The category before Meta re-categorised it (template_category_update), if it did.
    previousCategory: text("previous_category"),
    // APPROVED | PENDING | REJECTED | PAUSED | DISABLED | ... (raw)
    status: text("status").notNull(),
    // GREEN | YELLOW | RED | UNKNOWN (raw), from the list or message_template_quality_update.
    qualityScore: text("quality_score"),
    rejectionReason: text("rejection_reason"),
    components: jsonb("components").$type<Record<string, unknown>[]>().notNull().default([]),
    // When Meta last changed it (webhook entry time), or when the hub first saw it.
    lastChangeAt: timestamp("last_change_at", { withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    // Meta keys a template by name and language within a WABA.
    uniqueIndex("message_templates_waba_name_key").on(t.partnerId, t.wabaId, t.name, t.language),
    index("message_templates_meta_id_idx").on(t.metaTemplateId),
  ],
);
export type MessageTemplateRow = typeof messageTemplates.$inferSelect;
