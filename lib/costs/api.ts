import { z } from "zod";

/** Partner API `GET /api/v2/partners/{partner_id}/costs`: query and answer (plain module). */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const costQuery = z.strictObject({
  channel_id: z.uuid().optional(),
  client_id: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional().describe("Exclusive (UTC day)"),
  group_by: z.enum(["day", "month"]).default("month"),
});

export const costPeriodResource = z.object({
  period: z.string().describe("YYYY-MM or YYYY-MM-DD (UTC)"),
  currency: z.string(),
  messages: z.number().int(),
  charged: z.number().int(),
  free: z.number().int(),
  amount: z.string().describe("Decimal, e.g. 0.0625"),
  amount_micros: z.number().int(),
  charged_without_rate: z.number().int(),
  by_category: z.record(
    z.string(),
    z.object({
      messages: z.number().int(),
      charged: z.number().int(),
      amount_micros: z.number().int(),
    }),
  ),
  free_by_reason: z.record(z.string(), z.number().int()),
});

export const costReportResource = z.object({
  group_by: z.enum(["day", "month"]),
  channel_id: z.string().nullable(),
  client_id: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  periods: z.array(costPeriodResource),
});
