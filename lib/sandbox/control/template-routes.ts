import "server-only";
import { z } from "zod";
import { readJson } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { getSandboxNumberByWaba } from "../numbers/store";
import {
  findSandboxTemplate,
  listSandboxTemplates,
  setSandboxTemplateQuality,
  setSandboxTemplateStatus,
  setTemplateReviewDelayMs,
  templateReviewDelayMs,
  templateView,
} from "../templates";
import { type ControlRoute, route } from "./route";

/** Meta's side of message templates: the review delay, and a reviewer's status and quality calls. */

const templateStatusSchema = z.object({
  event: z.string().regex(/^[A-Z_]+$/),
  reason: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
});

const templateQualitySchema = z.object({ quality: z.string().regex(/^[A-Z_]+$/) });

const templateSettingsSchema = z.object({ review_delay_ms: z.number().int().min(0).max(600_000) });

/**
 * The template and its number, before the body is read: an unknown template answers 404 whatever
 * the body, as it always has (hence no `body` on these two routes).
 */
async function templateAndNumber(id: string) {
  const template = await findSandboxTemplate(id);
  if (!template) throw new AppError("not_found", `No sandbox template ${id}.`);
  return { template, number: await getSandboxNumberByWaba(template.wabaId) };
}

async function templateAnswer(id: string) {
  const updated = await findSandboxTemplate(id);
  return Response.json(templateView(updated!));
}

export const templateRoutes: ControlRoute[] = [
  route({
    method: "GET",
    path: "templates",
    handle: async ({ url }) => {
      const wabaId = url.searchParams.get("waba_id");
      if (!wabaId) throw new AppError("unprocessable", "Give waba_id.");
      return Response.json({
        data: (await listSandboxTemplates(wabaId)).map((row) => templateView(row)),
        review_delay_ms: await templateReviewDelayMs(),
      });
    },
  }),
  route({
    method: "POST",
    path: "templates/settings",
    body: templateSettingsSchema,
    handle: async ({ body }) => {
      await setTemplateReviewDelayMs(body.review_delay_ms);
      return Response.json({ review_delay_ms: body.review_delay_ms });
    },
  }),
  route({
    method: "POST",
    path: "templates/:id/status",
    handle: async ({ id, request }) => {
      const { template, number } = await templateAndNumber(id);
      const body = await readJson(request, templateStatusSchema);
      await setSandboxTemplateStatus(number, template, body.event, body);
      return templateAnswer(id);
    },
  }),
  route({
    method: "POST",
    path: "templates/:id/quality",
    handle: async ({ id, request }) => {
      const { template, number } = await templateAndNumber(id);
      const body = await readJson(request, templateQualitySchema);
      await setSandboxTemplateQuality(number, template, body.quality);
      return templateAnswer(id);
    },
  }),
];
