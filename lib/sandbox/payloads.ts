import { HISTORY_DECLINED_CODE, type KnownField } from "@/lib/meta/webhooks";
import { countryOfNumber, sandboxBsuids } from "./bsuid";
import {
  type GeneratedMessage,
  type HistoryChunkPlan,
  toHistoryMessage,
  toMediaFollowUp,
} from "./history";
import {
  type CustomerIdentity,
  contactEntry,
  recipientFields,
  senderFields,
  shownNumber,
  stateSyncContactFields,
  statusRecipientFields,
  threadFields,
} from "./parties";

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

/** A customer's message, named by number and BSUID (or by BSUID and username alone, ./parties.ts). */
export function inboundChange(
  number: NumberRef,
  who: CustomerIdentity,
  message: Record<string, unknown> & { id: string; type: string },
  at: Date,
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      contacts: [contactEntry(who)],
      messages: [{ ...senderFields(who), timestamp: String(unix(at)), ...message }],
    },
  };
}

export function echoChange(
  number: NumberRef,
  who: CustomerIdentity,
  message: Record<string, unknown> & { id: string; type: string },
  at: Date,
): Change {
  return {
    field: "smb_message_echoes",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      message_echoes: [
        {
          from: number.displayPhoneNumber,
          ...recipientFields(who),
          timestamp: String(unix(at)),
          ...message,
        },
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
    recipient: CustomerIdentity;
    at: Date;
    pricing?: SandboxPricing;
    conversationId?: string;
    errors?: { code: number; title: string; message: string }[];
    /** The send's `biz_opaque_callback_data`: Meta echoes it in every status of the message. */
    callbackData?: string | null;
  },
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      // Meta names the recipient in contacts[] too, but not on failures; the username only once
      // the message reached the phone (delivered, read).
      ...(status.status === "failed"
        ? {}
        : {
            contacts: [
              contactEntry(status.recipient, {
                withName: false,
                withUsername: status.status !== "sent",
              }),
            ],
          }),
      statuses: [
        {
          id: status.wamid,
          status: status.status,
          timestamp: String(unix(status.at)),
          ...statusRecipientFields(status.recipient),
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
          ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
        },
      ],
    },
  };
}

export function stateSyncChange(
  number: NumberRef,
  items: {
    action: "add" | "remove";
    who: CustomerIdentity;
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
          ...stateSyncContactFields(item.who),
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

/** How a history names each thread's customer, by the thread's number. */
export type IdentityOf = (waId: string) => CustomerIdentity;

/**
 * Customers the sandbox has no record of (a history built outside it, as the benchmark does):
 * each shows their number, with a BSUID derived from the WABA.
 */
export function numberOnlyIdentities(number: NumberRef): IdentityOf {
  const fallbackCountry = countryOfNumber(number.displayPhoneNumber) ?? "US";
  return (waId) => ({
    waId,
    userId: sandboxBsuids({ businessId: number.wabaId, fallbackCountry }, waId).userId,
    hideNumber: false,
  });
}

export function historyChunkChange(
  number: NumberRef,
  plan: HistoryChunkPlan,
  identityOf: IdentityOf = numberOnlyIdentities(number),
): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      history: [
        {
          metadata: { phase: plan.phase, chunk_order: plan.chunkOrder, progress: plan.progress },
          threads: plan.threads.map((thread) => {
            const who = identityOf(thread.id);
            return {
              ...threadFields(who),
              messages: thread.messages.map((m) => toHistoryMessage(m, who)),
            };
          }),
        },
      ],
    },
  };
}

export function historyMediaChange(
  number: NumberRef,
  messages: GeneratedMessage[],
  identityOf: IdentityOf = numberOnlyIdentities(number),
): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      messages: messages.map((m) => toMediaFollowUp(m, identityOf(m.threadId))),
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

/**
 * A customer's BSUID changed (a new number regenerates it), as Meta says it since August 2026: a
 * `system` message from the previous ids, `user_changed_number` with the new number when it may
 * be shared, `user_changed_user_id` with the BSUIDs only (a customer who hides the number). Meta
 * sends no contacts[] with system messages.
 */
export function userChangedChange(
  number: NumberRef,
  change: { wamid: string; previous: CustomerIdentity; current: CustomerIdentity; at: Date },
): Change {
  const { previous, current } = change;
  const numberShared = shownNumber(current) !== undefined;
  const name = previous.name ?? previous.username ?? previous.waId;
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      messages: [
        {
          ...senderFields(previous),
          id: change.wamid,
          timestamp: String(unix(change.at)),
          type: "system",
          system: {
            body: numberShared
              ? `User ${name} changed from ${previous.waId} to ${current.waId}`
              : `User ${name} changed their WhatsApp account`,
            type: numberShared ? "user_changed_number" : "user_changed_user_id",
            ...(numberShared ? { wa_id: current.waId } : {}),
            user_id: current.userId,
            ...(current.parentUserId ? { parent_user_id: current.parentUserId } : {}),
            previous_user_id: previous.userId,
            ...(previous.parentUserId ? { previous_parent_user_id: previous.parentUserId } : {}),
          },
        },
      ],
    },
  };
}

/** The same change in Meta's first documented shape: field `user_id_update`, previous/current. */
export function userIdUpdateChange(
  number: NumberRef,
  change: { previous: CustomerIdentity; current: CustomerIdentity; at: Date },
): Change {
  const ids = (who: CustomerIdentity) => ({
    user_id: who.userId,
    ...(who.parentUserId ? { parent_user_id: who.parentUserId } : {}),
  });
  return {
    field: "user_id_update",
    value: {
      messaging_product: "whatsapp",
      metadata: metadataOf(number),
      user_id_update: [
        {
          ...(shownNumber(change.current) ? { wa_id: change.current.waId } : {}),
          detail: { previous: ids(change.previous), current: ids(change.current) },
          timestamp: String(unix(change.at)),
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
