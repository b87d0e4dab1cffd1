import type { ChannelMessage, ConversationRow } from "@/lib/chats";
import { formatMoney } from "@/lib/costs/rate-card";
import { outcomeOfStatus } from "@/lib/onboarding/outcomes";
import type { OnboardingSessionRow } from "@/lib/onboarding/session-list";
import type { ApiKeySummary } from "./api-keys";
import type { ChannelResource, ClientResource } from "./api-schemas";
import type { ConversationResource, MessageResource } from "./api-schemas-conversations";
import type { OnboardingSessionResource } from "./api-schemas-onboarding";
import type { ChannelRow } from "./channels";
import type { ClientRow } from "./clients";

/** Rows as the Partner API shows them: snake_case, ISO timestamps, nothing secret. */
const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toClientResource(client: ClientRow): ClientResource {
  return {
    id: client.id,
    name: client.name,
    email: client.email,
    partner_payload: client.partnerPayload,
    max_channels: client.maxChannels,
    status: client.status,
    channel_count: client.channelCount,
    created_at: iso(client.createdAt),
    updated_at: iso(client.updatedAt),
  };
}

export function toChannelResource(
  channel: ChannelRow,
  warnings: ChannelResource["warnings"] = [],
): ChannelResource {
  return {
    id: channel.id,
    client_id: channel.clientId,
    client_name: channel.clientName,
    waba_id: channel.wabaId,
    phone_number_id: channel.phoneNumberId,
    business_id: channel.businessId,
    display_phone_number: channel.displayPhoneNumber,
    verified_name: channel.verifiedName,
    country_code: channel.countryCode,
    status: channel.status,
    coexistence: channel.coexistence,
    quality_rating: channel.qualityRating,
    messaging_limit: channel.messagingLimit,
    throughput_cap: channel.throughputCap,
    onboarded_at: isoOrNull(channel.onboardedAt),
    last_app_activity_at: isoOrNull(channel.lastAppActivityAt),
    disconnect_reason: channel.disconnectReason,
    sync_state: {
      contacts: channel.syncState.contacts,
      history: channel.syncState.history,
      history_progress: channel.syncState.historyProgress,
      deadline_at: isoOrNull(channel.syncState.deadlineAt),
      contacts_request_id: channel.syncState.contactsRequestId,
      history_request_id: channel.syncState.historyRequestId,
    },
    // lib/health's warnings (listApiChannelWarnings), most severe first.
    warnings,
    created_at: iso(channel.createdAt),
    updated_at: iso(channel.updatedAt),
  };
}

export function toApiKeyResource(key: ApiKeySummary) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    created_by: key.createdBy,
    created_at: iso(key.createdAt),
    last_used_at: isoOrNull(key.lastUsedAt),
    revoked_at: isoOrNull(key.revokedAt),
  };
}

export function toConversationResource(row: ConversationRow): ConversationResource {
  return {
    contact_id: row.contactId,
    channel_id: row.channelId,
    wa_id: row.waId,
    user_id: row.userId,
    username: row.username,
    name: row.name,
    last_live_message_at: row.lastLiveMessageAt,
    last_message: row.last
      ? {
          id: row.last.id,
          origin: row.last.origin,
          type: row.last.type,
          text: row.last.text,
          timestamp: row.last.sentAt,
          status: row.last.status,
          revoked: row.last.revoked,
        }
      : null,
    window: row.window.open
      ? { open: true, closes_at: row.window.closesAt, closed_at: null }
      : { open: false, closes_at: null, closed_at: row.window.closedAt },
    unread: row.unanswered,
  };
}

export function toMessageResource(m: ChannelMessage): MessageResource {
  return {
    wa_id: m.customer.waId,
    user_id: m.customer.userId,
    username: m.customer.username,
    id: m.id,
    wamid: m.wamid,
    cursor: m.cursor,
    origin: m.origin,
    direction: m.direction,
    type: m.type,
    status: m.status,
    status_at: m.statusAt,
    failure_reason: m.failureReason,
    text: m.text,
    edited: m.edited,
    edited_at: m.editedAt,
    revoked: m.revoked,
    revoked_at: m.revokedAt,
    media: m.media
      ? {
          kind: m.media.kind,
          caption: m.media.caption,
          mime_type: m.media.mimeType,
          filename: m.media.filename,
        }
      : null,
    context: { reply_to_wamid: m.replyToWamid, referral: m.referral, template: m.template },
    timestamp: m.sentAt,
    received_at: m.arrivedAt,
    cost: m.cost
      ? {
          charged: m.cost.charged,
          category: m.cost.category,
          amount:
            m.cost.amountMicros !== null && m.cost.currency
              ? formatMoney({ micros: m.cost.amountMicros, currency: m.cost.currency }).split(
                  " ",
                )[1]!
              : null,
          amount_micros: m.cost.amountMicros,
          currency: m.cost.currency,
          reason: m.cost.reason,
          free_because: m.cost.freeBecause,
        }
      : null,
  };
}

export function toOnboardingSessionResource(s: OnboardingSessionRow): OnboardingSessionResource {
  return {
    id: s.id,
    status: s.status,
    outcome: outcomeOfStatus[s.status],
    current_step: s.cancelStep,
    reached_step: s.reachedStep,
    number: s.number,
    country: s.country,
    email: s.email,
    name: s.name,
    partner_payload: s.partnerPayload,
    state: s.state,
    error_message: s.errorMessage,
    error_id: s.errorId,
    client_id: s.clientId,
    channel_id: s.channelId,
    created_at: iso(s.createdAt),
    popup_opened_at: isoOrNull(s.popupOpenedAt),
    finished_at: isoOrNull(s.finishedAt),
    completed_at: isoOrNull(s.completedAt),
  };
}
