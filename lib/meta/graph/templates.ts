import "server-only";
import { z } from "zod";
import { pagingSchema } from "./client";
import { type GraphOptions, graphRequest } from "./http";

/**
 * Message template management (developers.facebook.com/docs/whatsapp/business-management-api/
 * message-templates): list, create, edit, delete on a WABA. Meta's enums are kept as strings:
 * statuses and categories gain values without notice.
 */

export const templateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string(),
  previous_category: z.string().optional(),
  parameter_format: z.string().optional(),
  rejected_reason: z.string().optional(),
  quality_score: z
    .looseObject({ score: z.string().optional(), date: z.number().optional() })
    .optional(),
  components: z.array(z.looseObject({ type: z.string() })).optional(),
});
export type MessageTemplate = z.infer<typeof templateSchema>;

const TEMPLATE_FIELDS =
  "id,name,language,status,category,previous_category,parameter_format,rejected_reason,quality_score,components";

/** Every template of the WABA, following Meta's `paging.next` cursor (at most `maxPages`). */
export async function listTemplates({
  token,
  wabaId,
  limit = 100,
  maxPages = 20,
  graph,
}: {
  token: string;
  wabaId: string;
  limit?: number;
  maxPages?: number;
  graph?: GraphOptions;
}): Promise<MessageTemplate[]> {
  const out: MessageTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const body = await graphRequest(
      {
        operation: "listTemplates",
        method: "GET",
        path: `/${encodeURIComponent(wabaId)}/message_templates`,
        query: { limit, fields: TEMPLATE_FIELDS, after },
        token,
        schema: z.looseObject({ data: z.array(templateSchema), paging: pagingSchema }),
      },
      graph,
    );
    out.push(...body.data);
    after = body.paging?.next ? body.paging.cursors?.after : undefined;
    if (!after || body.data.length === 0) break;
  }
  return out;
}

/** What Meta takes to create a template: its own shape (validated by lib/templates first). */
export type TemplateDefinition = {
  name: string;
  language: string;
  category: string;
  parameter_format?: "POSITIONAL" | "NAMED";
  allow_category_change?: boolean;
  components: Record<string, unknown>[];
};

const createdSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  category: z.string(),
});
export type CreatedTemplate = z.infer<typeof createdSchema>;

/** POST /{waba-id}/message_templates: Meta answers with the id, PENDING and the category. */
export async function createTemplate({
  token,
  wabaId,
  template,
  graph,
}: {
  token: string;
  wabaId: string;
  template: TemplateDefinition;
  graph?: GraphOptions;
}): Promise<CreatedTemplate> {
  return graphRequest(
    {
      operation: "createTemplate",
      method: "POST",
      path: `/${encodeURIComponent(wabaId)}/message_templates`,
      token,
      body: template,
      schema: createdSchema,
      // A retried create after a lost answer would be refused as a duplicate: never resend.
      retry: false,
    },
    graph,
  );
}

/**
 * POST /{template-id}: components and/or category. Meta allows it on APPROVED, REJECTED and
 * PAUSED templates only (an approved one once a day, ten times a month); it goes back to review.
 */
export async function editTemplate({
  token,
  templateId,
  changes,
  graph,
}: {
  token: string;
  templateId: string;
  changes: { category?: string; components?: Record<string, unknown>[] };
  graph?: GraphOptions;
}): Promise<{ success: boolean }> {
  return graphRequest(
    {
      operation: "editTemplate",
      method: "POST",
      path: `/${encodeURIComponent(templateId)}`,
      token,
      body: changes,
      schema: z.looseObject({ success: z.boolean() }),
    },
    graph,
  );
}

/** DELETE /{waba-id}/message_templates?name=: every language of that name (or one, by hsm_id). */
export async function deleteTemplate({
  token,
  wabaId,
  name,
  templateId,
  graph,
}: {
  token: string;
  wabaId: string;
  name: string;
  templateId?: string;
  graph?: GraphOptions;
}): Promise<{ success: boolean }> {
  return graphRequest(
    {
      operation: "deleteTemplate",
      method: "DELETE",
      path: `/${encodeURIComponent(wabaId)}/message_templates`,
      query: { name, hsm_id: templateId },
      token,
      schema: z.looseObject({ success: z.boolean() }),
    },
    graph,
  );
}
