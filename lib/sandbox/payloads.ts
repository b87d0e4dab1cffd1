import { HISTORY_DECLINED_CODE, type KnownField } from "@/lib/meta/webhooks";
import {
  type GeneratedMessage,
  type HistoryChunkPlan,
  toHistoryMessage,
  toMediaFollowUp,
} from "./history";

/**
 * Builders of the webhook bodies the sandbox sends as Meta. Pure; every shape here is checked
 * against lib/meta/webhooks.ts by payloads.test.ts (the contract test).
 */

export type Change = { field: KnownField; value: Record<string, unknown> };
export type NumberRef = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

export function metadataOf(number: NumberRef) {
  return { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId };
}

/** One POST body: entries of changes, each entry routed by its WABA id. */
export function envelope(entries: { wabaId: string; time: number; changes: Change[] }[]) {
  return {
    object: "whatsapp_business_account",
    entry: entries.map((entry) => ({ id: entry.wabaId, time: entry.time, changes: entry.changes })),
  };
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

export function inboundChange(
  number: NumberRef,
  contact: { waId: string; name?: string },
  message: Record<string, unknown> & { id: string; type: string },
  at: Date,
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      contacts: [{ profile: { name: contact.name ?? contact.waId }, wa_id: contact.waId }],
      messages: [{ from: contact.waId, timestamp: String(unix(at)), ...message }],
    },
  };
}

export function echoChange(
  number: NumberRef,
  to: string,
  message: Record<string, unknown> & { id: string; type: string },
  at: Date,
): Change {
  return {
    field: "smb_message_echoes",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      message_echoes: [
        { from: number.displayPhoneNumber, to, timestamp: String(unix(at)), ...message },
      ],
    },
  };
}

export type SandboxPricing = {
  billable: boolean;
  pricing_model: "PMP";
  type: "regular" | "free_customer_service";
  category: string;
};

/** PMP: a template is charged at its category; free-form inside the window is free service. */
export function pricingFor(send: { templateCategory?: string }): SandboxPricing {
  if (send.templateCategory) {
    return {
      billable: true,
      pricing_model: "PMP",
      type: "regular",
      category: send.templateCategory.toLowerCase(),
    };
  }
  return {
    billable: false,
    pricing_model: "PMP",
    type: "free_customer_service",
    category: "service",
  };
}

export function statusChange(
  number: NumberRef,
  status: {
    wamid: string;
    status: "sent" | "delivered" | "read" | "failed";
    recipientId: string;
    at: Date;
    pricing?: SandboxPricing;
    conversationId?: string;
    errors?: { code: number; title: string; message: string }[];
  },
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      statuses: [
        {
          id: status.wamid,
          status: status.status,
          timestamp: String(unix(status.at)),
          recipient_id: status.recipientId,
          ...(status.pricing
            ? {
                conversation: {
                  id: status.conversationId ?? status.wamid.slice(6, 38),
                  origin: { type: status.pricing.category },
                },
                pricing: status.pricing,
              }
            : {}),
          ...(status.errors ? { errors: status.errors } : {}),
        },
      ],
    },
  };
}

export function stateSyncChange(
  number: NumberRef,
  items: {
    action: "add" | "remove";
    phoneNumber: string;
    firstName?: string;
    fullName?: string;
    at: Date;
  }[],
): Change {
  return {
    field: "smb_app_state_sync",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      state_sync: items.map((item) => ({
        type: "contact",
        contact: {
          phone_number: item.phoneNumber,
          // Names are absent on remove.
          ...(item.action === "add" && item.fullName ? { full_name: item.fullName } : {}),
          ...(item.action === "add" && item.firstName ? { first_name: item.firstName } : {}),
        },
        action: item.action,
        metadata: { timestamp: String(unix(item.at)) },
      })),
    },
  };
}

export function historyChunkChange(number: NumberRef, plan: HistoryChunkPlan): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      history: [
        {
          metadata: { phase: plan.phase, chunk_order: plan.chunkOrder, progress: plan.progress },
          threads: plan.threads.map((thread) => ({
            id: thread.id,
            messages: thread.messages.map(toHistoryMessage),
          })),
        },
      ],
    },
  };
}

export function historyMediaChange(number: NumberRef, messages: GeneratedMessage[]): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      messages: messages.map(toMediaFollowUp),
    },
  };
}

export function historyDeclinedChange(number: NumberRef): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      history: [
        {
          errors: [
            {
              code: HISTORY_DECLINED_CODE,
              title: "Business declined to share chat history",
              message: "Business declined to share chat history",
              error_data: {
                details: "The business chose not to share its chat history with the partner.",
              },
            },
          ],
        },
      ],
    },
  };
}

export type AccountEvent =
  | "PARTNER_REMOVED"
  | "ACCOUNT_OFFBOARDED"
  | "ACCOUNT_RECONNECTED"
  | "PARTNER_ADDED";

export function accountUpdateChange(
  number: NumberRef & { businessId: string },
  event: AccountEvent,
  disconnection?: { reason: string; initiatedBy: "USER" | "SYSTEM" },
): Change {
  return {
    field: "account_update",
    value: {
      event,
      phone_number: number.displayPhoneNumber,
      ...(disconnection
        ? {
            disconnection_info: {
              reason: disconnection.reason,
              initiated_by: disconnection.initiatedBy,
            },
          }
        : {}),
      ...(event === "PARTNER_ADDED"
        ? { waba_info: { waba_id: number.wabaId, owner_business_id: number.businessId } }
        : {}),
    },
  };
}
