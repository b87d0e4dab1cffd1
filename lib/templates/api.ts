import { z } from "zod";
import type { MessageTemplateRow } from "@/db/schema";
import { templateDefinitionSchema } from "./definition";
import { editTemplateBody } from "./edit-rules";

/**
 * The template resource of the Partner API and the Messaging API, and its create body (Meta's
 * own shape, so partners can send what they already send to Meta or 360dialog).
 */
export const templateResource = z.object({
  id: z.uuid().describe("the hub's id"),
  meta_template_id: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.string().describe("MARKETING, UTILITY, AUTHENTICATION, or a newer value of Meta's"),
  previous_category: z.string().nullable().describe("before Meta re-categorised it"),
  status: z.string().describe("APPROVED, PENDING, REJECTED, PAUSED, DISABLED... as Meta says"),
  quality_score: z.string().nullable().describe("GREEN, YELLOW, RED, UNKNOWN"),
  rejection_reason: z.string().nullable(),
  components: z.array(z.record(z.string(), z.unknown())),
  last_change_at: z.iso.datetime(),
});
export type TemplateResource = z.infer<typeof templateResource>;

export const templateListResource = z.object({
  count: z.number().int(),
  synced_at: z.iso.datetime().nullable().describe("when the list was last read from Meta"),
  sync_error: z.string().nullable(),
  templates: z.array(templateResource),
});

export const createTemplateBody = templateDefinitionSchema;

export { editTemplateBody };

/** Which language of the name an edit is for (Meta keys a template by name and language). */
export const templateEditQuery = z.object({
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "A language code such as en_US, pt_BR or de.")
    .optional()
    .describe("required when the name exists in several languages; else the only one"),
});

export function toTemplateResource(row: MessageTemplateRow): TemplateResource {
  return {
    id: row.id,
    meta_template_id: row.metaTemplateId,
    name: row.name,
    language: row.language,
    category: row.category,
    previous_category: row.previousCategory,
    status: row.status,
    quality_score: row.qualityScore,
    rejection_reason: row.rejectionReason,
    components: row.components,
    last_change_at: row.lastChangeAt.toISOString(),
  };
}

export function toTemplateList(listing: {
  templates: MessageTemplateRow[];
  syncedAt: Date | null;
  syncError: string | null;
}) {
  return {
    count: listing.templates.length,
    synced_at: listing.syncedAt?.toISOString() ?? null,
    sync_error: listing.syncError,
    templates: listing.templates.map(toTemplateResource),
  };
}

export const templateListQuery = z.object({
  refresh: z
    .enum(["true", "false"])
    .optional()
    .describe(
      "true: read the list from Meta first (otherwise the hub's copy, kept current by webhooks)",
    ),
  status: z
    .string()
    .regex(/^[A-Z_]+$/)
    .optional()
    .describe("only templates in this status, e.g. APPROVED"),
});
