import { z } from "zod";
import { onboardingStatuses } from "@/db/schema/onboarding";
import { onboardingOutcomes } from "@/lib/onboarding/outcomes";
import type { ListSpec } from "./list-query";

/**
 * The Partner API's onboarding sessions and signed link builder ("ours on top" of 360dialog's).
 * Used by the routes to parse and by the OpenAPI document.
 */
const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp");
const dayOrTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe("YYYY-MM-DD (00:00 UTC) or an ISO 8601 timestamp");

export const onboardingSessionResource = z.object({
  id: z.uuid(),
  status: z.enum(onboardingStatuses),
  outcome: z.enum(onboardingOutcomes),
  current_step: z
    .string()
    .nullable()
    .describe("Meta's current_step when the client cancelled the popup (e.g. WA_BUSINESS_INFO)"),
  reached_step: z
    .string()
    .describe(
      "The furthest step: checklist, checklist_passed, popup_opened, popup_finished, or the last server step done",
    ),
  number: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  partner_payload: z.string().nullable(),
  state: z.string().nullable(),
  error_message: z.string().nullable(),
  error_id: z.string().nullable().describe("Meta's error_id, to quote to Meta's support"),
  client_id: z.uuid().nullable(),
  channel_id: z.uuid().nullable(),
  created_at: timestamp,
  popup_opened_at: timestamp.nullable(),
  finished_at: timestamp.nullable().describe("Meta's popup finished"),
  completed_at: timestamp.nullable(),
});
export type OnboardingSessionResource = z.infer<typeof onboardingSessionResource>;

export const onboardingSessionListSpec = {
  filters: z.object({
    status: z.enum(onboardingStatuses).optional(),
    outcome: z.enum(onboardingOutcomes).optional(),
    current_step: z.string().max(100).optional().describe("Meta's step of a cancel"),
    client_id: z.uuid().optional(),
    partner_payload: z.string().optional(),
    from: dayOrTime.optional().describe("Started at or after"),
    to: dayOrTime.optional().describe("Started before (exclusive)"),
  }),
  sortFields: ["created_at", "completed_at", "status"],
  defaultSort: "-created_at",
} satisfies ListSpec<z.ZodObject>;
export type OnboardingSessionFilters = z.infer<typeof onboardingSessionListSpec.filters>;

/** The link parameters partners use with 360dialog; `partner_payload` travels as `partner`. */
export const onboardingLinkBody = z
  .object({
    partner_payload: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    number: z.string().trim().min(1).max(40).optional(),
    state: z.string().max(500).optional().describe("Returned to your redirect URL unchanged"),
    redirect_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .describe("Must be under one of your registered redirect URLs"),
    sign: z
      .boolean()
      .default(true)
      .describe("Add timestamp + signature (always, when your settings require signed links)"),
  })
  .strict();

export const onboardingLinkResource = z.object({
  url: z.url(),
  signed: z.boolean(),
  expires_at: timestamp.nullable().describe("Signed links work for 7 days; unsigned never expire"),
});
