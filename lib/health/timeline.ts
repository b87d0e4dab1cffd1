import { describeLimit } from "./account-rules";
import { describeDisconnectReason, describeInitiator, formatUtc } from "./rules";
import type { ChannelHealthInput, Severity } from "./types";

export type TimelineEntryKind =
  | "onboarded"
  | "contacts_requested"
  | "contacts_synced"
  | "history_requested"
  | "history_started"
  | "history_synced"
  | "history_declined"
  | "companions_acknowledged"
  | "app_opened_acknowledged"
  | "app_last_seen"
  | "disconnected"
  | "offboarded"
  | "reconnected"
  | "quality_update"
  | "account_alert";

export type TimelineEntry = {
  kind: TimelineEntryKind;
  at: Date;
  title: string;
  detail: string | null;
  /** Colours the entry: disconnections are critical, a declined history is info. */
  severity: Severity | null;
};

/** An acknowledgement with who gave it, for the timeline. */
export type TimelineAcknowledgement = {
  kind: "app_opened" | "companions_relinked";
  at: Date;
  /** A name or email to show; null when the user was deleted. */
  by: string | null;
};

/**
 * The lifecycle of a channel, oldest first: onboarding, syncs, acknowledgements, the latest app
 * activity, disconnections and reconnections with reasons.
 */
export function buildLifecycleTimeline(
  input: ChannelHealthInput,
  acknowledgements: readonly TimelineAcknowledgement[] = [],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (
    kind: TimelineEntryKind,
    at: Date | null,
    title: string,
    detail: string | null = null,
    severity: Severity | null = null,
  ) => {
    if (at) entries.push({ kind, at, title, detail, severity });
  };

  add("onboarded", input.onboardedAt, "Onboarded", "Embedded Signup finished");
  add("contacts_requested", input.contacts.requestedAt, "Contacts sync requested");
  add("contacts_synced", input.contacts.firstChunkAt, "Contacts received from the app");
  add("history_requested", input.history.requestedAt, "Chat history requested");
  add("history_started", input.history.firstChunkAt, "Chat history started arriving");
  add("history_synced", input.history.completedAt, "Chat history synced");
  add(
    "history_declined",
    input.history.declinedAt,
    "Chat history declined",
    "The business chose not to share its chat history",
    "info",
  );
  for (const ack of acknowledgements) {
    add(
      ack.kind === "app_opened" ? "app_opened_acknowledged" : "companions_acknowledged",
      ack.at,
      ack.kind === "app_opened" ? "The business opened the app" : "Linked devices re-linked",
      ack.by ? `Recorded by ${ack.by}` : "Recorded by a former user",
    );
  }
  add(
    "app_last_seen",
    input.lastEchoAt,
    "App last seen in use",
    "The latest message the business sent from the app",
  );
  for (const e of input.accountEvents) {
    if (e.event === "PARTNER_REMOVED") {
      add(
        "disconnected",
        e.at,
        "Disconnected",
        `${capitalise(describeDisconnectReason(e.reason))}; ${describeInitiator(e.initiatedBy)}`,
        "critical",
      );
    } else if (e.event === "ACCOUNT_OFFBOARDED") {
      add(
        "offboarded",
        e.at,
        "Offboarded",
        "Registered on another device or removed from the Cloud API",
        "critical",
      );
    } else if (e.event === "ACCOUNT_RECONNECTED") {
      add("reconnected", e.at, "Reconnected", "Onboarded again to this partner");
    }
  }
  // Every quality event is shown, unknown ones too, with Meta's own name for it.
  for (const q of input.qualityEvents ?? []) {
    const title = QUALITY_TITLES[q.event] ?? `Quality update: ${q.event}`;
    const limits = q.oldLimit
      ? `Messaging limit ${describeLimit(q.oldLimit)} to ${describeLimit(q.limit)}`
      : q.limit
        ? `Messaging limit ${describeLimit(q.limit)}`
        : null;
    const bad = q.event === "FLAGGED" || q.event === "DOWNGRADE";
    add("quality_update", q.at, title, limits, bad ? "warning" : null);
  }
  for (const a of input.accountAlerts ?? []) {
    add(
      "account_alert",
      a.at,
      `Meta alert: ${a.type.toLowerCase().replace(/_/g, " ")}`,
      [a.description, a.status ? `status ${a.status}` : null].filter(Boolean).join(" · ") || null,
      a.severity?.toUpperCase() === "CRITICAL" ? "critical" : "warning",
    );
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const QUALITY_TITLES: Record<string, string> = {
  FLAGGED: "Number flagged for low quality",
  UNFLAGGED: "Number no longer flagged",
  UPGRADE: "Messaging limit raised",
  DOWNGRADE: "Messaging limit lowered",
  ONBOARDING: "Number registering (messaging limit set)",
  THROUGHPUT_UPGRADE: "Throughput raised by Meta",
};

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export { formatUtc };
