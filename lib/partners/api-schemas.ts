import { z } from "zod";
import { channelStatuses, clientStatuses } from "@/db/schema/partners";
import { contactsSyncStates, historySyncStates } from "@/lib/onboarding/sync-states";
import type { ListSpec } from "./list-query";

/**
 * The Partner API's contract: every request and response shape, used by the route handlers to
 * parse and by /api/v2/openapi.json to document. snake_case on the wire, as 360dialog's.
 */

const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp");
const nullableTimestamp = timestamp.nullable();

export const clientResource = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  partner_payload: z
    .string()
    .nullable()
    .describe("Your own id for this client (the `partner` onboarding link parameter)"),
  max_channels: z.number().int(),
  status: z.enum(clientStatuses),
  channel_count: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type ClientResource = z.infer<typeof clientResource>;

export const channelWarning = z.object({
  code: z.string(),
  severity: z.enum(["info", "warning", "critical"]),
  message: z.string(),
});

export const channelSyncState = z
  .object({
    contacts: z
      .enum(contactsSyncStates)
      .describe(
        "not_requested: not asked yet; requested: asked, nothing received yet; received: the app's contacts arrived (smb_app_state_sync); expired: not asked within 24 hours of onboarding, so it cannot be any more",
      ),
    history: z
      .enum(historySyncStates)
      .describe(
        "not_requested; requested: asked, nothing received yet; importing: chunks arriving (see history_progress); complete: progress reached 100; declined: the business chose not to share (error 2593109); expired: not asked within 24 hours of onboarding",
      ),
    history_progress: z
      .number()
      .int()
      .min(0)
      .max(100)
      .nullable()
      .describe("Percent of the history import sent so far, while importing and when complete"),
    deadline_at: nullableTimestamp.describe(
      "24 hours after the (latest) onboarding: Meta accepts each sync request once, until then",
    ),
    contacts_request_id: z.string().nullable().describe("Meta's request_id of the contacts sync"),
    history_request_id: z.string().nullable().describe("Meta's request_id of the history sync"),
  })
  .describe(
    "The contacts and history sync of the channel's latest onboarding (a number onboarded again starts both again)",
  );

export const channelResource = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  client_name: z.string(),
  waba_id: z.string(),
  phone_number_id: z.string(),
  business_id: z.string().nullable(),
  display_phone_number: z.string().describe("E.164 digits without +"),
  verified_name: z.string().nullable(),
  country_code: z.string().nullable(),
  status: z.enum(channelStatuses),
  coexistence: z.boolean(),
  quality_rating: z.string().nullable(),
  messaging_limit: z
    .string()
    .nullable()
    .describe(
      "Meta's messaging limit as its phone_number_quality_update last said it (e.g. TIER_1K, or the portfolio's daily conversations); null until Meta sends one",
    ),
  throughput_cap: z.number().int(),
  onboarded_at: nullableTimestamp,
  last_app_activity_at: nullableTimestamp.describe(
    "Last time the business used the WhatsApp Business app on the phone (echoes, app state)",
  ),
  disconnect_reason: z.string().nullable(),
  sync_state: channelSyncState,
  warnings: z.array(channelWarning),
  created_at: timestamp,
  updated_at: timestamp,
});
export type ChannelResource = z.infer<typeof channelResource>;

export const apiKeyResource = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to tell keys apart"),
  created_by: z.string().nullable(),
  created_at: timestamp,
  last_used_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
});

export const createdChannelKey = z.object({
  id: z.uuid(),
  api_key: z.string().describe("The secret: shown in this answer only, never again"),
  address: z.url().describe("Base URL of the Messaging API for this key"),
  app_id: z.uuid().describe("The channel id this key sends for"),
});

export const createChannelKeyBody = z
  .object({ name: z.string().trim().min(1).max(100).optional() })
  .strict();

export const updateClientBody = z
  .object({
    partner_payload: z.string().trim().min(1).max(200).nullable().optional(),
    max_channels: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((body) => body.partner_payload !== undefined || body.max_channels !== undefined, {
    message: "Send partner_payload or max_channels",
  });

export const webhookUrlBody = z
  .object({
    webhook_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable(),
  })
  .strict();
export const webhookUrlResource = z.object({ webhook_url: z.string().nullable() });

export const errorResource = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const clientListSpec = {
  filters: z.object({
    status: z.enum(clientStatuses).optional(),
    partner_payload: z.string().optional(),
    name: z.string().optional().describe("case-insensitive substring"),
    email: z.string().optional(),
    search: z.string().optional().describe("substring of name, email or partner_payload"),
    country_code: z.string().length(2).optional().describe("has a channel in this country"),
  }),
  sortFields: ["created_at", "updated_at", "name", "status", "max_channels"],
  defaultSort: "-created_at",
} satisfies ListSpec<z.ZodObject>;
export type ClientFilters = z.infer<typeof clientListSpec.filters>;

export const channelListSpec = {
  filters: z.object({
    status: z.enum(channelStatuses).optional(),
    client_id: z.uuid().optional(),
    country_code: z.string().length(2).optional(),
    coexistence: z.boolean().optional(),
    quality_rating: z.string().optional(),
    contacts_sync: z.enum(contactsSyncStates).optional().describe("sync_state.contacts"),
    history_sync: z.enum(historySyncStates).optional().describe("sync_state.history"),
    search: z.string().optional().describe("substring of the number, verified name or client name"),
  }),
  sortFields: [
    "created_at",
    "display_phone_number",
    "verified_name",
    "status",
    "onboarded_at",
    "last_app_activity_at",
  ],
  defaultSort: "-created_at",
} satisfies ListSpec<z.ZodObject>;
export type ChannelFilters = z.infer<typeof channelListSpec.filters>;

export const apiKeyListSpec = {
  filters: z.object({ revoked: z.boolean().optional() }),
  sortFields: ["created_at"],
  defaultSort: "-created_at",
} satisfies ListSpec<z.ZodObject>;

export function listResponse<K extends string>(itemsName: K, item: z.ZodType) {
  return z.object({
    count: z.number().int(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    filters: z.record(z.string(), z.unknown()),
    sort: z.string(),
    [itemsName]: z.array(item),
  });
}
