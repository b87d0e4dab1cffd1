import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import {
  type SandboxNumber,
  type SandboxTemplate,
  sandboxSettings,
  sandboxTemplates,
} from "@/db/schema";
import { type TemplateDefinition, templateDefinitionSchema } from "@/lib/templates/definition";
import { emitWebhooks } from "./deliveries";
import { templateCategoryChange, templateQualityChange, templateStatusChange } from "./payloads";
import { metaId } from "./random";

/**
 * Message templates on the simulated Meta side, with Meta's review played by rules a QA can
 * trigger (see docs/sandbox.md, "Template review"). A template reads PENDING until its review
 * time (real time, `template_review_delay_ms`, default 3 s), then APPROVED or REJECTED; the
 * status webhook is queued to arrive at that moment.
 */

/** The approved templates every sandbox WABA starts with (Meta's sample `hello_world` among them). */
export const SANDBOX_TEMPLATES = [
  {
    name: "hello_world",
    language: "en_US",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      {
        type: "BODY",
        text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API.",
      },
    ],
  },
  {
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    components: [
      {
        type: "BODY",
        text: "Your order {{1}} is on its way.",
        example: { body_text: [["A-1042"]] },
      },
    ],
  },
  {
    name: "spring_sale",
    language: "en_US",
    category: "MARKETING",
    components: [{ type: "BODY", text: "Spring sale: 20% off everything until Sunday!" }],
  },
  {
    name: "login_code",
    language: "en_US",
    category: "AUTHENTICATION",
    components: [
      {
        type: "BODY",
        text: "{{1}} is your verification code.",
        example: { body_text: [["123456"]] },
      },
    ],
  },
] as const;

export function templateId(wabaId: string, name: string) {
  let hash = 0;
  for (const char of `${wabaId}:${name}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10${String(hash).padStart(13, "0")}`;
}

const REVIEW_DELAY_KEY = "template_review_delay_ms";
export const DEFAULT_REVIEW_DELAY_MS = 3_000;

export async function templateReviewDelayMs(): Promise<number> {
  const [row] = await getDb()
    .select({ value: sandboxSettings.value })
    .from(sandboxSettings)
    .where(eq(sandboxSettings.key, REVIEW_DELAY_KEY));
  return typeof row?.value === "number" ? row.value : DEFAULT_REVIEW_DELAY_MS;
}

export async function setTemplateReviewDelayMs(ms: number) {
  await getDb()
    .insert(sandboxSettings)
    .values({ key: REVIEW_DELAY_KEY, value: ms })
    .onConflictDoUpdate({ target: sandboxSettings.key, set: { value: ms } });
}

/**
 * The four fixed templates, approved long ago; created once per WABA, on first use of its
 * templates (a marker in sandbox_settings, so a deleted one stays deleted).
 */
export async function ensureDefaultTemplates(wabaId: string) {
  const first = await getDb()
    .insert(sandboxSettings)
    .values({ key: `templates_seeded:${wabaId}`, value: true })
    .onConflictDoNothing()
    .returning({ key: sandboxSettings.key });
  if (first.length === 0) return;
  await getDb()
    .insert(sandboxTemplates)
    .values(
      SANDBOX_TEMPLATES.map((t) => ({
        id: templateId(wabaId, t.name),
        wabaId,
        name: t.name,
        language: t.language,
        category: t.category,
        components: t.components as unknown as Record<string, unknown>[],
        decision: "APPROVED",
        qualityScore: "GREEN",
        reviewedAt: new Date(0),
      })),
    )
    .onConflictDoNothing();
}

/** What Meta's list shows now: PENDING before the review time, then the decision or override. */
export function effectiveStatus(template: SandboxTemplate, nowMs = Date.now()): string {
  if (template.reviewedAt.getTime() > nowMs) return "PENDING";
  return template.status ?? template.decision;
}

export function templateView(template: SandboxTemplate, nowMs = Date.now()) {
  const status = effectiveStatus(template, nowMs);
  const reviewed = status !== "PENDING";
  return {
    id: template.id,
    name: template.name,
    language: template.language,
    status,
    // Until the review ends Meta shows the submitted category.
    category: reviewed ? template.category : (template.previousCategory ?? template.category),
    ...(reviewed && template.previousCategory
      ? { previous_category: template.previousCategory }
      : {}),
    ...(template.parameterFormat ? { parameter_format: template.parameterFormat } : {}),
    ...(reviewed && template.rejectedReason ? { rejected_reason: template.rejectedReason } : {}),
    quality_score: { score: reviewed ? template.qualityScore : "UNKNOWN" },
    components: template.components,
  };
}

const PROMOTIONAL =
  /\b(sale|discount|offer|promo(tion)?|deal|buy now|limited time|coupon)\b|%\s*off/i;
const SCAM = /\b(lottery|crypto|guaranteed income|wire transfer)\b/i;

export type ReviewOutcome = {
  decision: "APPROVED" | "REJECTED";
  reason: string | null;
  category: string;
  /** The submitted category, when the review changed it. */
  recategorisedFrom: string | null;
};

/**
 * The sandbox's review rules (pure): a name starting `reject_` is REJECTED (INVALID_FORMAT); a
 * body that reads like a scam is REJECTED (SCAM); a UTILITY or AUTHENTICATION body that looks
 * promotional is re-categorised to MARKETING (or REJECTED with INCORRECT_CATEGORY when
 * `allow_category_change` is false); everything else is APPROVED as submitted.
 */
export function reviewTemplate(definition: TemplateDefinition): ReviewOutcome {
  const body = definition.components.find((c) => c.type === "BODY");
  const text = body && "text" in body ? String(body.text) : "";
  const base = { category: definition.category, recategorisedFrom: null };
  if (definition.name.startsWith("reject_")) {
    return { ...base, decision: "REJECTED", reason: "INVALID_FORMAT" };
  }
  if (SCAM.test(text)) return { ...base, decision: "REJECTED", reason: "SCAM" };
  if (definition.category !== "MARKETING" && PROMOTIONAL.test(text)) {
    if (definition.allow_category_change === false) {
      return { ...base, decision: "REJECTED", reason: "INCORRECT_CATEGORY" };
    }
    return {
      decision: "APPROVED",
      reason: null,
      category: "MARKETING",
      recategorisedFrom: definition.category,
    };
  }
  return { ...base, decision: "APPROVED", reason: null };
}

export async function listSandboxTemplates(wabaId: string, filter: { name?: string } = {}) {
  await ensureDefaultTemplates(wabaId);
  return getDb()
    .select()
    .from(sandboxTemplates)
    .where(
      and(
        eq(sandboxTemplates.wabaId, wabaId),
        filter.name ? eq(sandboxTemplates.name, filter.name) : undefined,
      ),
    )
    .orderBy(sandboxTemplates.createdAt, sandboxTemplates.name);
}

export async function findSandboxTemplate(id: string) {
  const [row] = await getDb().select().from(sandboxTemplates).where(eq(sandboxTemplates.id, id));
  return row;
}

export async function findSendableTemplate(wabaId: string, name: string, language: string) {
  await ensureDefaultTemplates(wabaId);
  const [row] = await getDb()
    .select()
    .from(sandboxTemplates)
    .where(
      and(
        eq(sandboxTemplates.wabaId, wabaId),
        eq(sandboxTemplates.name, name),
        eq(sandboxTemplates.language, language),
      ),
    );
  return row;
}

type Ref = { name: string; language: string; id: string };

/** Queues the review's webhooks to arrive when the review ends. */
async function emitReview(
  number: SandboxNumber,
  template: Ref,
  outcome: ReviewOutcome,
  delayMs: number,
) {
  const at = new Date(Date.now() + delayMs);
  await emitWebhooks(
    number,
    [
      ...(outcome.recategorisedFrom
        ? [
            {
              ...templateCategoryChange(template, {
                previous: outcome.recategorisedFrom,
                next: outcome.category,
              }),
              delayMs,
            },
          ]
        : []),
      {
        ...templateStatusChange(template, {
          event: outcome.decision,
          reason: outcome.reason ?? "NONE",
          category: outcome.category,
        }),
        delayMs: delayMs + 100,
      },
    ],
    { at },
  );
}

/** POST /{waba}/message_templates, after Meta-shape validation by the caller. */
export async function createSandboxTemplate(number: SandboxNumber, definition: TemplateDefinition) {
  await ensureDefaultTemplates(number.wabaId);
  const outcome = reviewTemplate(definition);
  const delayMs = await templateReviewDelayMs();
  const id = metaId();
  const inserted = await getDb()
    .insert(sandboxTemplates)
    .values({
      id,
      wabaId: number.wabaId,
      name: definition.name,
      language: definition.language,
      category: outcome.category,
      previousCategory: outcome.recategorisedFrom,
      components: definition.components as Record<string, unknown>[],
      parameterFormat: definition.parameter_format ?? null,
      decision: outcome.decision,
      rejectedReason: outcome.reason,
      reviewedAt: new Date(Date.now() + delayMs),
    })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return null;
  await emitReview(
    number,
    { id, name: definition.name, language: definition.language },
    outcome,
    delayMs,
  );
  return { id, status: "PENDING", category: definition.category };
}

export const EDITABLE_STATUSES = ["APPROVED", "REJECTED", "PAUSED"];

/** POST /{template-id}: new components and/or category, reviewed again. */
export async function editSandboxTemplate(
  number: SandboxNumber,
  template: SandboxTemplate,
  changes: { category?: string; components?: Record<string, unknown>[] },
): Promise<{ ok: true } | { ok: false; problem: string }> {
  const candidate = templateDefinitionSchema.safeParse({
    name: template.name,
    language: template.language,
    category: changes.category ?? template.previousCategory ?? template.category,
    components: changes.components ?? template.components,
  });
  if (!candidate.success)
    return { ok: false, problem: candidate.error.issues[0]?.message ?? "invalid" };
  const outcome = reviewTemplate(candidate.data);
  const delayMs = await templateReviewDelayMs();
  await getDb()
    .update(sandboxTemplates)
    .set({
      category: outcome.category,
      previousCategory: outcome.recategorisedFrom,
      components: candidate.data.components as Record<string, unknown>[],
      decision: outcome.decision,
      rejectedReason: outcome.reason,
      status: null,
      reviewedAt: new Date(Date.now() + delayMs),
      edits: template.edits + 1,
    })
    .where(eq(sandboxTemplates.id, template.id));
  await emitReview(number, template, outcome, delayMs);
  return { ok: true };
}

/** DELETE /{waba}/message_templates?name=[&hsm_id=]: all languages of the name, or one id. */
export async function deleteSandboxTemplates(number: SandboxNumber, name: string, id?: string) {
  const rows = (await listSandboxTemplates(number.wabaId, { name })).filter(
    (row) => !id || row.id === id,
  );
  if (rows.length === 0) return 0;
  await getDb()
    .delete(sandboxTemplates)
    .where(
      inArray(
        sandboxTemplates.id,
        rows.map((row) => row.id),
      ),
    );
  await emitWebhooks(
    number,
    rows.map((row) =>
      templateStatusChange(row, { event: "DELETED", reason: "NONE", category: row.category }),
    ),
    { at: new Date() },
  );
  return rows.length;
}

/** Control API: Meta pauses, disables or reinstates a template (status webhook now). */
export async function setSandboxTemplateStatus(
  number: SandboxNumber,
  template: SandboxTemplate,
  event: string,
  info?: { reason?: string; title?: string; description?: string },
) {
  const status = event === "REINSTATED" || event === "UNPAUSED" ? "APPROVED" : event;
  await getDb()
    .update(sandboxTemplates)
    .set({ status, reviewedAt: new Date(Math.min(template.reviewedAt.getTime(), Date.now())) })
    .where(eq(sandboxTemplates.id, template.id));
  await emitWebhooks(
    number,
    [
      templateStatusChange(template, {
        event,
        reason: info?.reason ?? "NONE",
        category: template.category,
        otherInfo:
          info?.title || info?.description
            ? { title: info.title ?? event, description: info.description ?? "" }
            : undefined,
      }),
    ],
    { at: new Date() },
  );
}

/** Control API: the template's quality changes (GREEN / YELLOW / RED / UNKNOWN). */
export async function setSandboxTemplateQuality(
  number: SandboxNumber,
  template: SandboxTemplate,
  quality: string,
) {
  await getDb()
    .update(sandboxTemplates)
    .set({ qualityScore: quality })
    .where(eq(sandboxTemplates.id, template.id));
  await emitWebhooks(
    number,
    [templateQualityChange(template, { previous: template.qualityScore, next: quality })],
    { at: new Date() },
  );
}
