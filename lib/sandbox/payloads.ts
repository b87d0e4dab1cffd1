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

type TemplateRef = { id: string; name: string; language: string };

/** `message_template_status_update` (routed by WABA; no phone metadata). */
export function templateStatusChange(
  template: TemplateRef,
  status: {
    event: string;
    reason: string;
    category?: string;
    otherInfo?: { title: string; description: string };
  },
): Change {
  return {
    field: "message_template_status_update",
    value: {
      event: status.event,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      ...(status.category ? { message_template_category: status.category } : {}),
      reason: status.reason,
      ...(status.otherInfo ? { other_info: status.otherInfo } : {}),
    },
  };
}

export function templateQualityChange(
  template: TemplateRef,
  quality: { previous: string; next: string },
): Change {
  return {
    field: "message_template_quality_update",
    value: {
      previous_quality_score: quality.previous,
      new_quality_score: quality.next,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
    },
  };
}

export function templateCategoryChange(
  template: TemplateRef,
  category: { previous: string; next: string },
): Change {
  return {
    field: "template_category_update",
    value: {
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      previous_category: category.previous,
      new_category: category.next,
    },
  };
}

/**
 * `phone_number_quality_update` in either shape: `current` (today's reference: ONBOARDING,
 * THROUGHPUT_UPGRADE, max_daily_conversations_per_business) or `legacy` (FLAGGED, UNFLAGGED,
 * UPGRADE, DOWNGRADE with current_limit / old_limit).
 */
export function phoneQualityChange(
  number: NumberRef,
  update: { event: string; currentLimit?: string; oldLimit?: string; shape: "current" | "legacy" },
): Change {
  return {
    field: "phone_number_quality_update",
    value: {
      display_phone_number: number.displayPhoneNumber,
      event: update.event,
      ...(update.oldLimit ? { old_limit: update.oldLimit } : {}),
      ...(update.shape === "legacy"
        ? { current_limit: update.currentLimit ?? "TIER_1K" }
        : { max_daily_conversations_per_business: update.currentLimit ?? "TIER_2K" }),
    },
  };
}

export function accountAlertChange(
  number: NumberRef,
  alert: { severity: string; type: string; description: string; status?: string },
): Change {
  return {
    field: "account_alerts",
    value: {
      entity_type: "PHONE_NUMBER",
      entity_id: number.phoneNumberId,
      alert_info: {
        alert_severity: alert.severity,
        alert_status: alert.status ?? "ACTIVE",
        alert_type: alert.type,
        alert_description: alert.description,
      },
    },
  };
}
