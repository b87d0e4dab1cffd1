import "server-only";
import { z } from "zod";
import type { SandboxNumber, SandboxTemplate } from "@/db/schema";
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
 * A reviewer's call on one template (`templates/:id/status` or `.../quality`). The template is
 * looked up before the body is read: an unknown template answers 404 whatever the body, as it
 * always has (hence no `body` on the route). Answers the template as it is afterwards.
 */
function reviewRoute<S extends z.ZodType>(
  action: "status" | "quality",
  schema: S,
  apply: (number: SandboxNumber, template: SandboxTemplate, body: z.infer<S>) => Promise<unknown>,
): ControlRoute {
  return route({
    method: "POST",
    path: `templates/:id/${action}`,
    handle: async ({ id, request }) => {
      const template = await findSandboxTemplate(id);
      if (!template) throw new AppError("not_found", `No sandbox template ${id}.`);
      const number = await getSandboxNumberByWaba(template.wabaId);
      await apply(number, template, await readJson(request, schema));
      return Response.json(templateView((await findSandboxTemplate(id))!));
    },
  });
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
  reviewRoute("status", templateStatusSchema, (number, template, body) =>
    setSandboxTemplateStatus(number, template, body.event, body),
  ),
  reviewRoute("quality", templateQualitySchema, (number, template, body) =>
    setSandboxTemplateQuality(number, template, body.quality),
  ),
];
