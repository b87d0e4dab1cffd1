import { z } from "zod";
import type { SendEstimateView, SendResult } from "./types";

const money = z.object({ currency: z.string(), value: z.number(), formatted: z.string() });

/** What a send would cost now, in the Messaging API's snake_case (dry runs). */
export const estimateResource = z.object({
  charged: z.boolean(),
  amount: money.nullable(),
  category: z.string(),
  reason: z.string().describe("Why it is charged or free, in words"),
  free_because: z.string().nullable(),
  no_rate_known: z.string().nullable().describe("Charged, but the rate card has no price"),
  service_window_ends_at: z.string().nullable(),
  entry_point_ends_at: z.string().nullable(),
  blocked: z.object({ code: z.number(), message: z.string() }).nullable(),
});

/** `POST /api/v1/messages`' answer (Meta's shape, plus the estimate on a dry run). */
export const messagingApiAnswerResource = z.object({
  messaging_product: z.literal("whatsapp"),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })),
  messages: z
    .array(
      z.object({ id: z.string().nullable(), message_status: z.literal("accepted").optional() }),
    )
    .describe("The wamid; empty on a dry run"),
  dry_run: z.literal(true).optional(),
  estimate: estimateResource.optional().describe("Only on a dry run: what the send would cost now"),
});

export function estimateJson(e: SendEstimateView): z.infer<typeof estimateResource> {
  return {
    charged: e.charged,
    amount: e.amount
      ? {
          currency: e.amount.currency,
          value: e.amount.micros / 1_000_000,
          formatted: e.amount.formatted,
        }
      : null,
    category: e.category,
    reason: e.reason,
    free_because: e.freeBecause,
    no_rate_known: e.noRateKnown,
    service_window_ends_at: e.serviceWindowEndsAt,
    entry_point_ends_at: e.entryPointEndsAt,
    blocked: e.blocked,
  };
}

/**
 * `POST /api/v1/messages` answers in Meta's shape, so partners' Cloud API code reads it unchanged:
 * `{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}`. A dry run has no message:
 * `messages: []`, `dry_run: true` and the `estimate`.
 */
export function messagingApiAnswer(result: SendResult): z.infer<typeof messagingApiAnswerResource> {
  const contacts = [{ input: result.recipient.input, wa_id: result.recipient.waId }];
  if (result.dryRun || !result.message) {
    return {
      messaging_product: "whatsapp" as const,
      contacts,
      messages: [],
      dry_run: true,
      estimate: estimateJson(result.estimate),
    };
  }
  return {
    messaging_product: "whatsapp" as const,
    contacts,
    messages: [
      {
        id: result.message.wamid,
        ...(result.type === "template" ? { message_status: "accepted" } : {}),
      },
    ],
  };
}
