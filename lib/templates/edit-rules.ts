import { z } from "zod";
import { templateCategories, templateDefinitionSchema } from "./definition";

/**
 * What Meta allows when editing a template (POST /{template-id}), as far as the hub can know it
 * before asking: only APPROVED, REJECTED and PAUSED templates, never an approved template's
 * category, and the new content under the same rules as a create. Meta also limits an approved
 * template to one edit a day and ten a month; the hub does not see edits made elsewhere
 * (WhatsApp Manager, another tool), so that refusal is Meta's, relayed in words. Pure.
 */

export const EDITABLE_STATUSES = ["APPROVED", "REJECTED", "PAUSED"] as const;

export function isEditableStatus(status: string): boolean {
  return (EDITABLE_STATUSES as readonly string[]).includes(status);
}

/** The edit body: Meta's own, either or both fields; name and language never change. */
export const editTemplateBody = z
  .object({
    category: z
      .enum(templateCategories, "MARKETING, UTILITY or AUTHENTICATION.")
      .optional()
      .describe("Meta refuses a new category on an APPROVED template; REJECTED or PAUSED only"),
    components: z
      .array(z.looseObject({ type: z.string() }))
      .min(1, "A template needs a body.")
      .optional()
      .describe("The whole new set of components, as in the create body (replaces the old one)"),
  })
  .refine((body) => body.category !== undefined || body.components !== undefined, {
    message: "Give components or a category to change.",
    path: ["body"],
  });
export type EditTemplateBody = z.infer<typeof editTemplateBody>;

type Current = { name: string; language: string; status: string; category: string };
export type EditChanges = { category?: string; components?: Record<string, unknown>[] };

/** Why Meta would not take an edit of this template now, in words; null when it would. */
export function editRefusal(current: Current, changes: EditChanges): string | null {
  const which = `${current.name} (${current.language})`;
  if (current.status === "PENDING") {
    return `${which} is in review at Meta: it can be edited once the review ends. Nothing was sent to Meta.`;
  }
  if (!isEditableStatus(current.status)) {
    const status = current.status.toLowerCase().replace(/_/g, " ");
    return `${which} is ${status}: Meta allows edits of approved, rejected or paused templates only. Nothing was sent to Meta.`;
  }
  if (
    current.status === "APPROVED" &&
    changes.category !== undefined &&
    changes.category !== current.category
  ) {
    return `${which} is approved: Meta does not let an approved template change category (it stays ${current.category.toLowerCase()}). Leave the category out, or create a new template. Nothing was sent to Meta.`;
  }
  return null;
}

/**
 * What to send to Meta: an approved template's unchanged category is left out (it is not a
 * change, and Meta refuses category edits there); null when nothing is left to change.
 */
export function changesToSend(current: Current, changes: EditChanges): EditChanges | null {
  const out: EditChanges = { ...changes };
  if (current.status === "APPROVED" && out.category === current.category) delete out.category;
  return out.category === undefined && out.components === undefined ? null : out;
}

/**
 * The changed template checked with the create rules (templateDefinitionSchema) under its own
 * name and language. Only the fields being changed are judged: components Meta already holds
 * may use shapes the hub's rules do not cover, and an edit of the category alone must not be
 * refused for them. Field errors by path, or null when it passes.
 */
export function editProblems(
  current: Current & { components: Record<string, unknown>[] },
  changes: EditChanges,
): Record<string, string[]> | null {
  // Zod skips the component rules (a refinement) when a plain field fails, so a category of
  // Meta's the hub does not list stands in as UTILITY when it is not being changed.
  const known = (templateCategories as readonly string[]).includes(current.category);
  const parsed = templateDefinitionSchema.safeParse({
    name: current.name,
    language: current.language,
    category: changes.category ?? (known ? current.category : "UTILITY"),
    components: changes.components ?? current.components,
  });
  if (parsed.success) return null;
  const judged = parsed.error.issues.filter((issue) => {
    const field = issue.path[0];
    if (field === "components") return changes.components !== undefined;
    if (field === "category") return changes.category !== undefined;
    return false;
  });
  if (judged.length === 0) return null;
  const out: Record<string, string[]> = {};
  for (const issue of judged) {
    const path = issue.path.map(String).join(".");
    out[path] = [...(out[path] ?? []), issue.message];
  }
  return out;
}
