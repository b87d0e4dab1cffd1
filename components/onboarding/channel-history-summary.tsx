import type { Scope } from "@/lib/auth/scope";
import { formatDateTime } from "@/lib/format";
import { getChannelHistory } from "@/lib/onboarding/history-read";
import type { ChannelSyncState } from "@/lib/onboarding/sync-states";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function notAsked(sync: ChannelSyncState) {
  return sync.deadlineAt
    ? `Not requested yet: Meta accepts the request until ${formatDateTime(sync.deadlineAt)}`
    : "Not requested yet";
}

function expired(sync: ChannelSyncState) {
  return `Never requested: Meta accepted it only until ${formatDateTime(sync.deadlineAt)}; onboarding the number again is the only way to ask again`;
}

/**
 * The channel's history import in one line, for the channel's overview. The state and the
 * percentage are the channel's sync state (the same as in the channels list and the Partner API);
 * the chats and messages come from the current onboarding's chunks (history-read.ts).
 */
export async function ChannelHistorySummary({
  scope,
  channelId,
  sync,
}: {
  scope: Scope;
  channelId: string;
  sync: ChannelSyncState;
}) {
  const history = await getChannelHistory(scope, { channelId });
  const text = {
    complete: `Complete: ${plural(history.chats, "chat")}, ${plural(history.messages, "message")} imported`,
    importing: `Importing, ${sync.historyProgress ?? 0}%: ${plural(history.chats, "chat")} so far`,
    declined: "The business chose not to share its chat history",
    requested: `Requested ${formatDateTime(sync.historyRequestedAt)}, nothing received yet (Meta sends it while the business has the app open)`,
    not_requested: notAsked(sync),
    expired: expired(sync),
  }[sync.history];
  return <span data-testid="channel-history">{text}</span>;
}

/** The channel's contacts sync in one line, for the channel's overview. */
export function ChannelContactsSummary({ sync }: { sync: ChannelSyncState }) {
  const text = {
    received: `Received ${formatDateTime(sync.contactsReceivedAt)}`,
    requested: `Requested ${formatDateTime(sync.contactsRequestedAt)}, nothing received yet`,
    not_requested: notAsked(sync),
    expired: expired(sync),
  }[sync.contacts];
  return <span data-testid="channel-contacts-sync">{text}</span>;
}
