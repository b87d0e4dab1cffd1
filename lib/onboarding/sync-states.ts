/**
 * A channel's contacts and history sync, as the partner sees it (pure: no I/O, shared by the
 * Partner API schema, the console and lib/onboarding/sync-state.ts, which derives them in SQL).
 *
 * Meta accepts each sync request once, within 24 hours of onboarding (coexistence.md §1.5);
 * re-onboarding after an offboarding starts both again.
 * - contacts: not_requested → requested → received (the first `smb_app_state_sync` webhook);
 *   expired when the 24 hours passed without a request.
 * - history: not_requested → requested → importing (a `history` chunk, with its progress) →
 *   complete (progress 100), or declined (error 2593109); expired as for contacts. A finished
 *   import wins over a stray decline, a decline over a partial import (as summariseHistory).
 */
export const contactsSyncStates = ["not_requested", "requested", "received", "expired"] as const;
export type ContactsSyncState = (typeof contactsSyncStates)[number];

export const historySyncStates = [
  "not_requested",
  "requested",
  "importing",
  "complete",
  "declined",
  "expired",
] as const;
export type HistorySyncState = (typeof historySyncStates)[number];

/** Meta's window for asking the syncs, counted from the onboarding. */
export const SYNC_WINDOW_MS = 24 * 60 * 60_000;

export type ChannelSyncState = {
  contacts: ContactsSyncState;
  history: HistorySyncState;
  /** 0..100 (whole numbers) while importing and when complete; null otherwise. */
  historyProgress: number | null;
  /** Until when the syncs may be requested (24 hours after the onboarding); null before it. */
  deadlineAt: Date | null;
  contactsRequestedAt: Date | null;
  contactsRequestId: string | null;
  contactsReceivedAt: Date | null;
  historyRequestedAt: Date | null;
  historyRequestId: string | null;
  historyDeclinedAt: Date | null;
};

export const contactsSyncLabels: Record<ContactsSyncState, string> = {
  not_requested: "not requested",
  requested: "requested",
  received: "received",
  expired: "expired",
};

export const historySyncLabels: Record<HistorySyncState, string> = {
  not_requested: "not requested",
  requested: "requested",
  importing: "importing",
  complete: "complete",
  declined: "declined",
  expired: "expired",
};

/** "importing 40%", "complete", ...: the history state in a few words. */
export function historySyncShort(state: Pick<ChannelSyncState, "history" | "historyProgress">) {
  return state.history === "importing"
    ? `importing ${state.historyProgress ?? 0}%`
    : historySyncLabels[state.history];
}
