import type { SendEstimateView, SendResult } from "./types";

/** The estimate in the Messaging API's snake_case. */
export function estimateJson(e: SendEstimateView) {
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
export function messagingApiAnswer(result: SendResult) {
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
