/**
 * The plain input and output of the channel health rules. No database types on purpose: the
 * integration (ingestion, onboarding, sending, forwarding) assembles a `ChannelHealthInput` from
 * whatever it stores, and the rules stay pure functions of it and the clock.
 */

export const severities = ["info", "warning", "critical"] as const;
export type Severity = (typeof severities)[number];

/** `account_update` events the rules read; others may be passed and are ignored. */
export type AccountEvent = {
  /** Meta's `value.event`: PARTNER_REMOVED, ACCOUNT_OFFBOARDED, ACCOUNT_RECONNECTED, ... */
  event: string;
  /** `entry[].time` of the webhook (when Meta says it happened). */
  at: Date;
  /** `disconnection_info.reason` on PARTNER_REMOVED, e.g. PRIMARY_INACTIVITY. */
  reason?: string | null;
  /** `disconnection_info.initiated_by`: USER (the business) or SYSTEM (Meta). */
  initiatedBy?: string | null;
};

/** The one-shot history import (`history` webhooks). */
export type HistorySyncState = {
  /** When the hub asked Meta to sync history (POST /<phone>/smb_app_data, sync_type history). */
  requestedAt: Date | null;
  /** When the first `history` chunk (any phase) arrived. */
  firstChunkAt: Date | null;
  /** When a `history` webhook carried error 2593109 (the business declined to share). */
  declinedAt: Date | null;
  /** When a chunk with `progress: 100` arrived for the last non-empty phase. */
  completedAt: Date | null;
};

/** The one-shot contacts import (`smb_app_state_sync` webhooks). */
export type ContactsSyncState = {
  requestedAt: Date | null;
  firstChunkAt: Date | null;
};

/**
 * A counted signal. `firstAt` becomes the warning's `since`, which identifies the notification:
 * count from a fixed start (the first occurrence since the signal was last clear, or since
 * onboarding), not over a sliding window, or every evaluation would look like a new occurrence.
 */
export type CountedSignal = { count: number; firstAt: Date; lastAt: Date };

export type ChannelHealthInput = {
  channelId: string;
  status: "pending" | "connected" | "disconnected" | "offboarded";
  /** channels.disconnect_reason: used only when no account event explains a disconnected status. */
  disconnectReason?: string | null;
  /** Only coexistence numbers have an app whose use keeps the link alive. */
  coexistence: boolean;
  /** When Embedded Signup finished for this channel (first onboarding). */
  onboardedAt: Date | null;
  /** Latest `smb_message_echoes` message: the business used the app or a supported companion. */
  lastEchoAt: Date | null;
  /** Latest "the business opened the app" acknowledgement by a partner user. */
  appOpenedAcknowledgedAt: Date | null;
  /** Latest "companions re-linked" acknowledgement by a partner user. */
  companionsRelinkedAcknowledgedAt: Date | null;
  /** Account events of this channel's number, any order (Meta does not order webhooks). */
  accountEvents: readonly AccountEvent[];
  history: HistorySyncState;
  contacts: ContactsSyncState;
  /**
   * The last moment Meta accepts the sync requests. Defaults to 24 hours after the latest
   * onboarding (first onboarding or ACCOUNT_RECONNECTED).
   */
  syncDeadlineAt?: Date | null;
  /** Customer messages of type `unsupported` with error 131060. */
  unsupportedMessages: CountedSignal | null;
  /** Sends refused with 130429 (the 20 messages per second cap). */
  throughputCapHits: CountedSignal | null;
  /** E.164 digits without `+` (as in webhook metadata). */
  displayPhoneNumber: string;
  /** ISO 3166 alpha-2, if known (channels.country_code). */
  countryCode: string | null;
  /** GREEN | YELLOW | RED | UNKNOWN, from the phone number or `phone_number_quality_update`. */
  qualityRating: string | null;
  /** When the current rating was reported (`phone_number_quality_update`), if known. */
  qualityRatingAt?: Date | null;
  /** First failed delivery to the partner's webhook in the current run of failures. */
  forwardingFailingSince: Date | null;
  /** `phone_number_quality_update` events, any shape, any order. */
  qualityEvents?: readonly QualityEvent[];
  /** `account_alerts` events. */
  accountAlerts?: readonly AccountAlert[];
  /** The WABA's templates in trouble (paused, disabled, low quality, re-categorised). */
  templates?: readonly TemplateState[];
};

export type QualityEvent = {
  /** FLAGGED, UNFLAGGED, UPGRADE, DOWNGRADE, ONBOARDING, THROUGHPUT_UPGRADE, or anything new. */
  event: string;
  at: Date;
  /** max_daily_conversations_per_business, else current_limit. */
  limit: string | null;
  oldLimit: string | null;
};

export type AccountAlert = {
  type: string;
  severity: string | null;
  status: string | null;
  description: string | null;
  at: Date;
};

export type TemplateState = {
  name: string;
  language: string;
  status: string;
  category: string;
  previousCategory: string | null;
  qualityScore: string | null;
  lastChangeAt: Date;
  /** The latest template_category_update for it, if any. */
  categoryChangedAt: Date | null;
};

/** Where the fact behind a warning comes from, so the partner can check it. */
export type FactSource =
  | "echo"
  | "acknowledgement"
  | "onboarding"
  | "account_update"
  | "channel_status"
  | "history_webhook"
  | "sync_request"
  | "customer_messages"
  | "sends"
  | "quality_rating"
  | "template_webhook"
  | "forwarding"
  | "country_list"
  | "meta_rule";

export type HealthFact = {
  /** The fact in plain words, e.g. "Last echo from the app on 3 Nov 2026". */
  text: string;
  source: FactSource;
  /** When the fact was observed, if it has a time. */
  at: Date | null;
};

/** The button a banner may offer; the page maps each kind to an action. */
export type HealthActionKind =
  | "acknowledge_app_opened"
  | "acknowledge_companions_relinked"
  | "reconnect"
  | "open_inbox"
  | "open_webhook_settings";

export const warningIds = [
  "app_inactivity",
  "companions_unlinked",
  "companions_unsupported",
  "unsupported_messages",
  "disconnected",
  "history_no_chunk",
  "history_declined",
  "sync_deadline",
  "sync_missed",
  "throughput_cap",
  "throughput_cap_hit",
  "country_blocked",
  "quality_rating",
  "forwarding_failing",
  "number_flagged",
  "number_downgraded",
  "account_alert",
  "template_paused",
  "template_quality",
  "template_category",
] as const;
export type WarningId = (typeof warningIds)[number];

export type HealthWarning = {
  id: WarningId;
  severity: Severity;
  /** Short headline for a banner or a notification. */
  title: string;
  /** What is happening, in plain words. */
  message: string;
  /** What to do about it. */
  advice: string;
  /** The button to offer, if any. */
  action: { kind: HealthActionKind; label: string } | null;
  /** When the condition started holding at this severity. */
  since: Date;
  fact: HealthFact;
};

/** Thresholds; partners may change them, the defaults follow Meta and BSP guidance. */
export type HealthSettings = {
  /** Days without app use before a warning (BSPs say "open the app every 13 days"). */
  inactivityWarningDays: number;
  /** Days without app use before the warning turns critical. */
  inactivityCriticalDays: number;
  /** Days after which Meta is expected to disconnect (PRIMARY_INACTIVITY, ~14 days). */
  expectedDisconnectDays: number;
  /** Minutes to wait for a first history chunk after the request. */
  historyChunkWaitMinutes: number;
  /** Hours before the sync deadline from which a missing request is critical. */
  syncDeadlineWarningHours: number;
  /** Hours of continuous forwarding failure before it turns critical. */
  forwardingCriticalHours: number;
};

export const defaultHealthSettings: HealthSettings = {
  inactivityWarningDays: 10,
  inactivityCriticalDays: 13,
  expectedDisconnectDays: 14,
  historyChunkWaitMinutes: 60,
  syncDeadlineWarningHours: 6,
  forwardingCriticalHours: 24,
};
