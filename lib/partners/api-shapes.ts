import type { ApiKeySummary } from "./api-keys";
import type { ChannelResource, ClientResource } from "./api-schemas";
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
    throughput_cap: channel.throughputCap,
    onboarded_at: isoOrNull(channel.onboardedAt),
    last_app_activity_at: isoOrNull(channel.lastAppActivityAt),
    disconnect_reason: channel.disconnectReason,
    // TODO(onboarding/ingestion issue): the contacts and history sync state of the channel.
    sync_state: { contacts: null, history: null },
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
