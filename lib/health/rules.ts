/**
 * Channel health rules: pure functions of a channel's state and the clock. Facts from
 * ../shared/spec/coexistence.md §2-§3 (Meta's coexistence pages and BSP guidance).
 */
import { accountAlertWarnings, numberQualityWarning, templateWarnings } from "./account-rules";
import { findBlockedCountry } from "./blocked-countries";
import {
  type AccountEvent,
  type ChannelHealthInput,
  defaultHealthSettings,
  type HealthSettings,
  type HealthWarning,
  type Severity,
} from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type EvaluateOptions = { now: Date; settings?: HealthSettings };

/** Every warning that holds for the channel at `now`, most severe first. */
export function evaluateChannelHealth(
  input: ChannelHealthInput,
  { now, settings = defaultHealthSettings }: EvaluateOptions,
): HealthWarning[] {
  const link = linkState(input);
  const warnings: (HealthWarning | null)[] = [disconnectedWarning(input, link)];
  const live = link.kind === "connected" && input.status !== "pending";

  if (live && input.coexistence) {
    warnings.push(
      appInactivityWarning(input, link, now, settings),
      companionsUnlinkedWarning(input, link),
      companionsUnsupportedInfo(link),
      unsupportedMessagesWarning(input),
      ...syncWarnings(input, link, now, settings),
      throughputCapInfo(link),
      throughputCapHitWarning(input),
    );
  }
  if (input.coexistence) warnings.push(countryBlockedWarning(input, now));
  if (live) {
    warnings.push(
      qualityWarning(input),
      numberQualityWarning(input),
      ...accountAlertWarnings(input),
      ...templateWarnings(input, now),
    );
  }
  warnings.push(forwardingWarning(input, now, settings));

  return sortWarnings(warnings.filter((w): w is HealthWarning => w !== null));
}

// ---------------------------------------------------------------------------------------------
// Link state: connected or disconnected, and when the current onboarding began.

type LinkState =
  | { kind: "connected"; onboardedAt: Date | null; reconnectedAt: Date | null }
  | { kind: "disconnected"; event: AccountEvent | null };

const DISCONNECTING_EVENTS = new Set(["PARTNER_REMOVED", "ACCOUNT_OFFBOARDED"]);
const RECONNECTING_EVENTS = new Set(["ACCOUNT_RECONNECTED"]);

/**
 * Meta does not order webhooks, so events are sorted by their own time; the latest disconnect or
 * reconnect decides. Without any such event the channel status decides.
 */
export function linkState(input: ChannelHealthInput): LinkState {
  const relevant = [...input.accountEvents]
    .filter((e) => DISCONNECTING_EVENTS.has(e.event) || RECONNECTING_EVENTS.has(e.event))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = relevant.at(-1);
  if (latest && DISCONNECTING_EVENTS.has(latest.event)) {
    return { kind: "disconnected", event: latest };
  }
  if (!latest && (input.status === "disconnected" || input.status === "offboarded")) {
    return { kind: "disconnected", event: null };
  }
  const reconnectedAt = latest?.at ?? null;
  // Re-onboarding unlinks companions again and restarts the 24-hour syncs (coexistence.md §3).
  return {
    kind: "connected",
    onboardedAt: laterOf(input.onboardedAt, reconnectedAt),
    reconnectedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Disconnected

/** PARTNER_REMOVED `disconnection_info.reason` in plain words. */
export function describeDisconnectReason(reason: string | null | undefined): string {
  switch (reason) {
    case "PRIMARY_INACTIVITY":
      return "the WhatsApp Business app on the phone was not used for about 14 days";
    case "COMPANION_INACTIVITY":
      return "a linked device (companion) was not used for about 30 days";
    case "USER_RE_REGISTERED":
      return "the number was registered again in WhatsApp on a phone";
    case "CHANGE_NUMBER":
      return "the business changed its phone number in the app";
    case "BUSINESS_DOWNGRADE":
      return "the number was moved from WhatsApp Business to the consumer WhatsApp app";
    case "ACCOUNT_DISCONNECTED":
      return "Meta disconnected the account (an enforcement action) or the account was deleted";
    case null:
    case undefined:
    case "":
      return "Meta gave no reason";
    default:
      return `Meta gave the reason ${reason}, which the hub does not know`;
  }
}

/** PARTNER_REMOVED `disconnection_info.initiated_by` in plain words. */
export function describeInitiator(initiatedBy: string | null | undefined): string {
  switch (initiatedBy) {
    case "USER":
      return "the business did this itself";
    case "SYSTEM":
      return "Meta did this automatically";
    default:
      return "Meta did not say who started it";
  }
}

const RECONNECT_ADVICE =
  "Send the client a new onboarding link and run Embedded Signup again with the same number. Contacts and chat history can be synced again within 24 hours after it.";

function reasonAdvice(reason: string | null | undefined): string {
  switch (reason) {
    case "PRIMARY_INACTIVITY":
      return `Ask the business to open the WhatsApp Business app on the phone, then reconnect. ${RECONNECT_ADVICE}`;
    case "COMPANION_INACTIVITY":
      return `Ask the business to open the app on the phone and re-link its companions, then reconnect. ${RECONNECT_ADVICE}`;
    case "BUSINESS_DOWNGRADE":
      return `The number must be back in the WhatsApp Business app (not the consumer app) first. ${RECONNECT_ADVICE}`;
    case "CHANGE_NUMBER":
      return `If the business now uses a new number, onboard that number as a new channel; otherwise reconnect. ${RECONNECT_ADVICE}`;
    case "ACCOUNT_DISCONNECTED":
      return `Check the business's account in Meta Business Suite (enforcement or deletion) before reconnecting. ${RECONNECT_ADVICE}`;
    default:
      return RECONNECT_ADVICE;
  }
}

function disconnectedWarning(input: ChannelHealthInput, link: LinkState): HealthWarning | null {
  if (link.kind !== "disconnected") return null;
  const event = link.event;
  if (!event) {
    return {
      id: "disconnected",
      severity: "critical",
      title: "Channel disconnected",
      message: input.disconnectReason
        ? `The channel is marked disconnected: ${describeDisconnectReason(input.disconnectReason)}.`
        : "The channel is marked disconnected, and the hub has no account update saying why.",
      advice: reasonAdvice(input.disconnectReason),
      action: { kind: "reconnect", label: "Reconnect" },
      // No event time: the onboarding time is the earliest moment the state can date from.
      since: input.onboardedAt ?? new Date(0),
      fact: { text: `Channel status is "${input.status}"`, source: "channel_status", at: null },
    };
  }
  if (event.event === "ACCOUNT_OFFBOARDED") {
    return {
      id: "disconnected",
      severity: "critical",
      title: "Number offboarded",
      message:
        "Meta took this number off the Cloud API (ACCOUNT_OFFBOARDED): it was registered again on a phone or another device, or deleted. Unlike a disconnection, the number itself left: nothing is sent or received through the hub, and the WhatsApp Business app may no longer have it either.",
      advice: `Ask the business which phone now has the number and whether it still uses the WhatsApp Business app there. ${RECONNECT_ADVICE}`,
      action: { kind: "reconnect", label: "Reconnect" },
      since: event.at,
      fact: {
        text: `ACCOUNT_OFFBOARDED received for ${formatUtc(event.at)}`,
        source: "account_update",
        at: event.at,
      },
    };
  }
  // The business's own Disconnect in the app comes as PARTNER_REMOVED by USER, often without reason.
  const reason =
    !event.reason && event.initiatedBy === "USER"
      ? "the business pressed Disconnect in the app (Settings > Account > Business Platform)"
      : describeDisconnectReason(event.reason);
  const who = describeInitiator(event.initiatedBy);
  return {
    id: "disconnected",
    severity: "critical",
    title: "Channel disconnected",
    message: `Meta removed this number from the partner: ${reason}; ${who}. Nothing is sent or received through the hub.`,
    advice: reasonAdvice(event.reason),
    action: { kind: "reconnect", label: "Reconnect" },
    since: event.at,
    fact: {
      text: `PARTNER_REMOVED (reason ${event.reason ?? "none"}, initiated by ${event.initiatedBy ?? "unknown"}) for ${formatUtc(event.at)}`,
      source: "account_update",
      at: event.at,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// App inactivity: the 13-day rule

type AppActivity = { at: Date; source: "echo" | "acknowledgement" | "onboarding" };

/** The latest sign that the app was in use, and where it comes from. */
export function lastAppActivity(input: ChannelHealthInput): AppActivity | null {
  const link = linkState(input);
  const onboardedAt = link.kind === "connected" ? link.onboardedAt : input.onboardedAt;
  const candidates: AppActivity[] = [];
  if (input.lastEchoAt) candidates.push({ at: input.lastEchoAt, source: "echo" });
  if (input.appOpenedAcknowledgedAt)
    candidates.push({ at: input.appOpenedAcknowledgedAt, source: "acknowledgement" });
  if (onboardedAt) candidates.push({ at: onboardedAt, source: "onboarding" });
  // Latest wins; on a tie the stronger evidence (echo) comes first.
  return candidates.reduce<AppActivity | null>(
    (best, c) => (best === null || c.at > best.at ? c : best),
    null,
  );
}

function appInactivityWarning(
  input: ChannelHealthInput,
  link: LinkState,
  now: Date,
  s: HealthSettings,
): HealthWarning | null {
  if (link.kind !== "connected") return null;
  const activity = lastAppActivity(input);
  if (!activity) return null;
  const days = Math.floor((now.getTime() - activity.at.getTime()) / DAY);
  if (days < s.inactivityWarningDays) return null;

  let severity: Severity = "warning";
  let threshold = s.inactivityWarningDays;
  if (days >= s.expectedDisconnectDays) threshold = s.expectedDisconnectDays;
  else if (days >= s.inactivityCriticalDays) threshold = s.inactivityCriticalDays;
  if (threshold >= s.inactivityCriticalDays) severity = "critical";
  const since = new Date(activity.at.getTime() + threshold * DAY);
  const cutAt = new Date(activity.at.getTime() + s.expectedDisconnectDays * DAY);

  const blind = input.lastEchoAt === null;
  const seen =
    activity.source === "echo"
      ? `The app was last seen in use ${days} days ago (a message the business sent from it on ${formatUtc(activity.at)}).`
      : activity.source === "acknowledgement"
        ? `Someone confirmed ${days} days ago that the business opened the app.`
        : `No app use has been seen in the ${days} days since onboarding.`;
  const blindNote = blind
    ? " The hub cannot see the app being opened, only messages sent from it; if the business opened the app, record it here."
    : "";
  const outlook =
    threshold >= s.expectedDisconnectDays
      ? `Meta disconnects coexistence numbers after about ${s.expectedDisconnectDays} days without the phone's app in use (PRIMARY_INACTIVITY): expect the disconnection now.`
      : `Meta disconnects coexistence numbers after about ${s.expectedDisconnectDays} days without the phone's app in use; that would be around ${formatUtc(cutAt)}.`;

  return {
    id: "app_inactivity",
    severity,
    title:
      threshold >= s.expectedDisconnectDays
        ? "Disconnection expected: app not used"
        : `App not used for ${days} days`,
    message: `${seen} ${outlook}${blindNote}`,
    advice:
      "Ask the business to open the WhatsApp Business app on the phone (and keep it installed); sending one message from it is enough for the hub to see it.",
    // Offered with or without echoes: opening the app sends nothing the hub could see.
    action: { kind: "acknowledge_app_opened", label: "The business opened the app" },
    since,
    fact: {
      text:
        activity.source === "echo"
          ? `Last echo ${formatUtc(activity.at)}`
          : activity.source === "acknowledgement"
            ? `"The business opened the app" recorded ${formatUtc(activity.at)}`
            : `Onboarded ${formatUtc(activity.at)}, no echo since`,
      source: activity.source,
      at: activity.at,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Companions (linked devices)

function companionsUnlinkedWarning(
  input: ChannelHealthInput,
  link: LinkState,
): HealthWarning | null {
  if (link.kind !== "connected" || !link.onboardedAt) return null;
  const ack = input.companionsRelinkedAcknowledgedAt;
  if (ack && ack >= link.onboardedAt) return null;
  return {
    id: "companions_unlinked",
    severity: "warning",
    title: "Linked devices were unlinked",
    message:
      "Onboarding unlinked every device linked to the business's WhatsApp (WhatsApp Web, desktop, tablets). They stop working until re-linked.",
    advice:
      "Ask the business to re-link its devices from the phone (up to 4). WhatsApp for Windows and WhatsApp for WearOS are not supported: use WhatsApp Web or the Mac app instead.",
    action: { kind: "acknowledge_companions_relinked", label: "Devices re-linked" },
    since: link.onboardedAt,
    fact: {
      text: link.reconnectedAt
        ? `Reconnected ${formatUtc(link.onboardedAt)}`
        : `Onboarded ${formatUtc(link.onboardedAt)}`,
      source: link.reconnectedAt ? "account_update" : "onboarding",
      at: link.onboardedAt,
    },
  };
}

function companionsUnsupportedInfo(link: LinkState): HealthWarning | null {
  if (link.kind !== "connected" || !link.onboardedAt) return null;
  return {
    id: "companions_unsupported",
    severity: "info",
    title: "Some linked devices are not mirrored",
    message:
      "What is sent or read on WhatsApp for Windows or WhatsApp for WearOS is not mirrored to the hub, and customers on those apps may not reach it.",
    advice: "Use WhatsApp Web, the Mac app or the phone for conversations the hub should see.",
    action: null,
    since: link.onboardedAt,
    fact: { text: "Meta's coexistence limits", source: "meta_rule", at: null },
  };
}

function unsupportedMessagesWarning(input: ChannelHealthInput): HealthWarning | null {
  const signal = input.unsupportedMessages;
  if (!signal || signal.count <= 0) return null;
  const n = signal.count;
  return {
    id: "unsupported_messages",
    severity: "info",
    title: `${n} customer message${n === 1 ? "" : "s"} only visible in the app`,
    message: `${n} customer message${n === 1 ? " was" : "s were"} delivered to the hub as "unsupported" (error 131060): a customer writing from an unsupported companion, or a first message after an ad. The content is only in the app.`,
    advice: "Look in the WhatsApp Business app on the phone to read and answer them.",
    action: { kind: "open_inbox", label: "Show them" },
    since: signal.firstAt,
    fact: {
      text: `${n} unsupported message${n === 1 ? "" : "s"} with error 131060, latest ${formatUtc(signal.lastAt)}`,
      source: "customer_messages",
      at: signal.lastAt,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sync of contacts and history (one-shot, within 24 hours of onboarding)

function syncWarnings(
  input: ChannelHealthInput,
  link: LinkState,
  now: Date,
  s: HealthSettings,
): (HealthWarning | null)[] {
  if (link.kind !== "connected" || !link.onboardedAt) return [];
  const onboardedAt = link.onboardedAt;
  // A request or answer from before the latest onboarding belongs to the earlier one.
  const current = (d: Date | null) => (d && d >= onboardedAt ? d : null);
  const history = {
    requestedAt: current(input.history.requestedAt),
    firstChunkAt: current(input.history.firstChunkAt),
    declinedAt: current(input.history.declinedAt),
    completedAt: current(input.history.completedAt),
  };
  const contactsRequestedAt = current(input.contacts.requestedAt);
  const deadline =
    (input.syncDeadlineAt && input.syncDeadlineAt >= onboardedAt ? input.syncDeadlineAt : null) ??
    new Date(onboardedAt.getTime() + DAY);
  const out: (HealthWarning | null)[] = [];

  if (history.declinedAt) {
    out.push({
      id: "history_declined",
      severity: "info",
      title: "Chat history not shared",
      message:
        "The business chose not to share its chat history (error 2593109). Only messages from onboarding on are in the hub.",
      advice:
        "Nothing to do. History can only be requested again after offboarding and onboarding the number again.",
      action: null,
      since: history.declinedAt,
      fact: {
        text: `History sync declined ${formatUtc(history.declinedAt)}`,
        source: "history_webhook",
        at: history.declinedAt,
      },
    });
  } else if (history.requestedAt && !history.firstChunkAt && !history.completedAt) {
    const dueAt = new Date(history.requestedAt.getTime() + s.historyChunkWaitMinutes * 60_000);
    if (now >= dueAt) {
      out.push({
        id: "history_no_chunk",
        severity: "warning",
        title: "Chat history has not arrived",
        message: `History was requested ${formatUtc(history.requestedAt)} and nothing has arrived yet. Meta sends it while the business has the app open; it may have been closed, or the business has not answered the share prompt.`,
        advice:
          "Ask the business to open the WhatsApp Business app on the phone, keep it open for a few minutes and accept sharing the chat history.",
        action: null,
        since: dueAt,
        fact: {
          text: `History requested ${formatUtc(history.requestedAt)}, no chunk since`,
          source: "sync_request",
          at: history.requestedAt,
        },
      });
    }
  }

  const missing = [
    ...(contactsRequestedAt ? [] : ["contacts"]),
    ...(history.requestedAt || history.declinedAt ? [] : ["chat history"]),
  ];
  if (missing.length > 0) {
    const what = missing.join(" and ");
    const warnFrom = new Date(deadline.getTime() - s.syncDeadlineWarningHours * HOUR);
    if (now >= deadline) {
      out.push({
        id: "sync_missed",
        severity: "warning",
        title: `The ${what} sync was never requested`,
        message: `Meta accepts the ${what} sync only within 24 hours of onboarding; that time ended ${formatUtc(deadline)}.`,
        advice:
          "The import cannot be requested any more. It becomes possible again only after offboarding and onboarding the number again.",
        action: null,
        since: deadline,
        fact: {
          text: `No ${what} sync request since onboarding ${formatUtc(onboardedAt)}`,
          source: "sync_request",
          at: null,
        },
      });
    } else if (now >= warnFrom) {
      const hoursLeft = Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / HOUR));
      out.push({
        id: "sync_deadline",
        severity: "critical",
        title: `Request the ${what} sync now`,
        message: `The ${what} sync has not been requested, and Meta accepts it only until ${formatUtc(deadline)} (about ${hoursLeft} hour${hoursLeft === 1 ? "" : "s"} left). After that the ${what} cannot be imported any more.`,
        advice:
          "Request the sync from the channel page now; the business then confirms sharing in the app.",
        action: null,
        since: warnFrom,
        fact: {
          text: `Onboarded ${formatUtc(onboardedAt)}, no ${what} sync request`,
          source: "sync_request",
          at: null,
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Limits

function throughputCapInfo(link: LinkState): HealthWarning | null {
  if (link.kind !== "connected" || !link.onboardedAt) return null;
  return {
    id: "throughput_cap",
    severity: "info",
    title: "Sending is capped at 20 messages per second",
    message:
      "Meta fixes the throughput of coexistence numbers at 20 messages per second, whatever the messaging tier. Faster sends are refused with error 130429.",
    advice: "Spread large campaigns over time or send them from a number on the Cloud API only.",
    action: null,
    since: link.onboardedAt,
    fact: { text: "Meta's coexistence limits", source: "meta_rule", at: null },
  };
}

function throughputCapHitWarning(input: ChannelHealthInput): HealthWarning | null {
  const signal = input.throughputCapHits;
  if (!signal || signal.count <= 0) return null;
  const n = signal.count;
  return {
    id: "throughput_cap_hit",
    severity: "warning",
    title: "Sends hit the 20 per second cap",
    message: `${n} send${n === 1 ? " was" : "s were"} refused for going over 20 messages per second (error 130429).`,
    advice: "Slow the sending down to under 20 messages per second and retry the refused messages.",
    action: null,
    since: signal.firstAt,
    fact: {
      text: `${n} send${n === 1 ? "" : "s"} with error 130429, latest ${formatUtc(signal.lastAt)}`,
      source: "sends",
      at: signal.lastAt,
    },
  };
}

function countryBlockedWarning(input: ChannelHealthInput, now: Date): HealthWarning | null {
  const entry = findBlockedCountry({
    displayPhoneNumber: input.displayPhoneNumber,
    countryCode: input.countryCode,
    at: now,
  });
  if (!entry) return null;
  const since = new Date(`${entry.since}T00:00:00.000Z`);
  const onboarded = input.status !== "pending" && input.onboardedAt !== null;
  const disconnected = linkState(input).kind === "disconnected";
  const rule = `Since ${entry.since}, numbers from ${entry.name} (+${entry.callingCode}) cannot be onboarded to coexistence`;
  return {
    id: "country_blocked",
    severity: onboarded ? "warning" : "critical",
    title: `${capitalise(entry.name)} numbers cannot be onboarded`,
    message: !onboarded
      ? `${rule}: this onboarding will fail.`
      : disconnected
        ? `${rule}: reconnecting this number with Embedded Signup will fail.`
        : `${rule}. This channel still works, but if it is disconnected it cannot be reconnected.`,
    advice:
      onboarded && !disconnected
        ? "Keep the app in use so the number is not disconnected."
        : "Use a number from another country, or onboard this one to the Cloud API without the app.",
    action: null,
    since,
    fact: {
      text: `${entry.name} on the blocked list since ${entry.since} (${entry.source})`,
      source: "country_list",
      at: since,
    },
  };
}

function qualityWarning(input: ChannelHealthInput): HealthWarning | null {
  const rating = input.qualityRating?.toUpperCase();
  if (rating !== "YELLOW" && rating !== "RED") return null;
  const red = rating === "RED";
  return {
    id: "quality_rating",
    severity: red ? "critical" : "warning",
    title: `Quality rating ${red ? "red" : "yellow"}`,
    message: red
      ? "Meta rates this number's quality low: customers block or report its messages. Messaging limits may be lowered."
      : "Meta rates this number's quality medium: some customers block or report its messages.",
    advice:
      "Send fewer marketing messages, only to customers who asked for them, and make opting out easy.",
    action: null,
    // Without a report time the rating dates from onboarding at the latest.
    since: input.qualityRatingAt ?? input.onboardedAt ?? new Date(0),
    fact: {
      text: `Quality rating ${rating}`,
      source: "quality_rating",
      at: input.qualityRatingAt ?? null,
    },
  };
}

function forwardingWarning(
  input: ChannelHealthInput,
  now: Date,
  s: HealthSettings,
): HealthWarning | null {
  const since = input.forwardingFailingSince;
  if (!since) return null;
  const criticalFrom = new Date(since.getTime() + s.forwardingCriticalHours * HOUR);
  const critical = now >= criticalFrom;
  return {
    id: "forwarding_failing",
    severity: critical ? "critical" : "warning",
    title: "Forwarding to your webhook is failing",
    message: `Events for this channel could not be delivered to the partner's webhook since ${formatUtc(since)}. The hub keeps retrying.`,
    advice: "Check that the webhook URL answers 2xx quickly and verifies the signature.",
    action: { kind: "open_webhook_settings", label: "Webhook settings" },
    since: critical ? criticalFrom : since,
    fact: {
      text: `First failed delivery ${formatUtc(since)}`,
      source: "forwarding",
      at: since,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers for lists and the Overview

const severityRank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function compareSeverity(a: Severity, b: Severity) {
  return severityRank[a] - severityRank[b];
}

/** Most severe first; then the longest-standing; then by id, so the order is stable. */
export function sortWarnings<T extends Pick<HealthWarning, "severity" | "since" | "id">>(
  warnings: readonly T[],
): T[] {
  return [...warnings].sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      a.since.getTime() - b.since.getTime() ||
      a.id.localeCompare(b.id),
  );
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(warnings: readonly Pick<HealthWarning, "severity">[]) {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const w of warnings) counts[w.severity] += 1;
  return counts;
}

/** The worst severity, or null when nothing holds: a channel list's badge. */
export function worstSeverity(warnings: readonly Pick<HealthWarning, "severity">[]) {
  let worst: Severity | null = null;
  for (const w of warnings) {
    if (worst === null || compareSeverity(w.severity, worst) < 0) worst = w.severity;
  }
  return worst;
}

/** "Needs attention" on the Overview: channels counted by their worst warning (info excluded). */
export function countChannelsNeedingAttention(
  channels: readonly { warnings: readonly Pick<HealthWarning, "severity">[] }[],
) {
  const counts = { critical: 0, warning: 0 };
  for (const c of channels) {
    const worst = worstSeverity(c.warnings);
    if (worst === "critical" || worst === "warning") counts[worst] += 1;
  }
  return counts;
}

/**
 * The Overview's "Needs attention" card, from one evaluation of the caller's channels. The headline
 * number counts channels (a channel with three warnings is one channel to look at), and the
 * per-severity numbers split those same channels by their worst warning, so they add up to it.
 * Information (`info`) never needs attention. `warnings` is the card's list of warnings themselves.
 */
export type AttentionSummary<C, W extends Pick<HealthWarning, "id" | "severity">> = {
  /** Channels with at least one critical or warning. */
  channels: number;
  /** The same channels by their worst warning: `critical + warning === channels`. */
  byWorst: { critical: number; warning: number };
  /** Channels heading for Meta's 14-day cut (`app_inactivity` holds). */
  nearCut: number;
  /** Every critical and warning of those channels, most severe first. */
  warnings: { channel: C; warning: W }[];
};

export function summarizeAttention<C, W extends Pick<HealthWarning, "id" | "severity">>(
  channels: readonly { channel: C; warnings: readonly W[] }[],
): AttentionSummary<C, W> {
  const byWorst = countChannelsNeedingAttention(channels);
  const warnings = channels
    .flatMap(({ channel, warnings: ws }) =>
      ws.filter((w) => w.severity !== "info").map((warning) => ({ channel, warning })),
    )
    // A stable sort: within a severity, channels keep their order and each its own (sortWarnings).
    .sort((a, b) => compareSeverity(a.warning.severity, b.warning.severity));
  const nearCut = channels.filter((c) =>
    c.warnings.some((w) => w.id === "app_inactivity" && w.severity !== "info"),
  ).length;
  return { channels: byWorst.critical + byWorst.warning, byWorst, nearCut, warnings };
}

/** Identifies one occurrence of a warning: the same id at a new severity or start is new. */
export function occurrenceKey(w: Pick<HealthWarning, "id" | "severity" | "since">) {
  return `${w.id}:${w.severity}:${w.since.toISOString()}`;
}

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function laterOf(a: Date | null, b: Date | null) {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** A fixed, locale-free rendering so messages are the same on every server. */
export function formatUtc(d: Date) {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
