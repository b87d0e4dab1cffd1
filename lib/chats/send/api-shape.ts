import { z } from "zod";
import { isBsuid } from "@/lib/meta/bsuid";
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
  contacts: z.array(
    z.object({
      input: z.string(),
      wa_id: z.string().optional().describe("The number; absent for a send by BSUID"),
      user_id: z.string().optional().describe("The BSUID, for a send by `recipient`"),
    }),
  ),
  messages: z
    .array(
      z.object({
        id: z.string().nullable().describe("The wamid; null while the outcome is unknown"),
        message_status: z.enum(["accepted", "unknown"]).optional(),
      }),
    )
    .describe("The wamid; empty on a dry run"),
  hub_message_id: z
    .string()
    .optional()
    .describe("The hub's id of the stored message (also the X-Coex-Message-Id header)"),
  status: z
    .literal("unknown")
    .optional()
    .describe(
      "Only with HTTP 202: Meta's answer never came, so Meta may or may not have sent the message. Do not send it again: its status webhooks (forwarded to you) settle it as sent/delivered or failed, and the conversation's messages show it. A retry with the same Idempotency-Key gets this same answer.",
    ),
  detail: z.string().optional(),
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
 * `{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}`, plus `hub_message_id`. A
 * dry run has no message: `messages: []`, `dry_run: true` and the `estimate`. An unknown outcome
 * (HTTP 202) says so in `status: "unknown"` with no wamid.
 */
export function messagingApiAnswer(result: SendResult): z.infer<typeof messagingApiAnswerResource> {
  const { input, waId } = result.recipient;
  const contacts = [isBsuid(waId) ? { input, user_id: waId } : { input, wa_id: waId }];
  if (result.dryRun || !result.message) {
    return {
      messaging_product: "whatsapp" as const,
      contacts,
      messages: [],
      dry_run: true,
      estimate: estimateJson(result.estimate),
    };
  }
  if (result.message.status === "unknown") {
    return {
      messaging_product: "whatsapp" as const,
      contacts,
      messages: [{ id: result.message.wamid, message_status: "unknown" }],
      hub_message_id: result.message.id,
      status: "unknown",
      detail: UNKNOWN_DETAIL,
    };
  }
  return {
    messaging_product: "whatsapp" as const,
    contacts,
    messages: [
      {
        id: result.message.wamid,
        ...(result.type === "template" ? { message_status: "accepted" as const } : {}),
      },
    ],
    hub_message_id: result.message.id,
  };
}

export const UNKNOWN_DETAIL =
  "Meta did not answer in time: the message may or may not have been sent. It is stored with status unknown and settled by its status webhooks. Do not send it again.";

/** 202 for an unknown outcome (accepted by the hub, Meta's verdict pending), else 200. */
export function messagingApiStatus(result: SendResult): 200 | 202 {
  return result.message?.status === "unknown" ? 202 : 200;
}
