import type { Channel } from "@/db/schema";
import type { LatestAcknowledgements } from "./acknowledgements";
import type { ChannelHealthInput } from "./types";

export type ChannelRowForHealth = Pick<
  Channel,
  | "id"
  | "status"
  | "coexistence"
  | "onboardedAt"
  | "displayPhoneNumber"
  | "countryCode"
  | "qualityRating"
  | "disconnectReason"
>;

/** What ingestion, onboarding, sending and forwarding know; everything defaults to "nothing seen". */
export type IngestedHealthFacts = Partial<
  Pick<
    ChannelHealthInput,
    | "lastEchoAt"
    | "accountEvents"
    | "history"
    | "contacts"
    | "syncDeadlineAt"
    | "unsupportedMessages"
    | "throughputCapHits"
    | "qualityRatingAt"
    | "forwardingFailingSince"
    | "qualityEvents"
    | "accountAlerts"
    | "templates"
  >
>;

/**
 * Assembles the rules' input from a channel row, its latest acknowledgements
 * (`getLatestAcknowledgements`) and the facts the other domains store. Pure: the caller loads.
 */
export function toChannelHealthInput(
  channel: ChannelRowForHealth,
  acknowledgements: LatestAcknowledgements | undefined,
  facts: IngestedHealthFacts = {},
): ChannelHealthInput {
  return {
    channelId: channel.id,
    status: channel.status,
    disconnectReason: channel.disconnectReason,
    coexistence: channel.coexistence,
    onboardedAt: channel.onboardedAt,
    lastEchoAt: facts.lastEchoAt ?? null,
    appOpenedAcknowledgedAt: acknowledgements?.appOpenedAt ?? null,
    companionsRelinkedAcknowledgedAt: acknowledgements?.companionsRelinkedAt ?? null,
    accountEvents: facts.accountEvents ?? [],
    history: facts.history ?? {
      requestedAt: null,
      firstChunkAt: null,
      declinedAt: null,
      completedAt: null,
    },
    contacts: facts.contacts ?? { requestedAt: null, firstChunkAt: null },
    syncDeadlineAt: facts.syncDeadlineAt ?? null,
    unsupportedMessages: facts.unsupportedMessages ?? null,
    throughputCapHits: facts.throughputCapHits ?? null,
    displayPhoneNumber: channel.displayPhoneNumber,
    countryCode: channel.countryCode,
    qualityRating: channel.qualityRating,
    qualityRatingAt: facts.qualityRatingAt ?? null,
    forwardingFailingSince: facts.forwardingFailingSince ?? null,
    qualityEvents: facts.qualityEvents ?? [],
    accountAlerts: facts.accountAlerts ?? [],
    templates: facts.templates ?? [],
  };
}
