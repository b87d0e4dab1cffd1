/**
 * Warnings from what Meta reports about the number's quality, its account and its templates
 * (phone_number_quality_update, account_alerts, the three template webhooks). Pure functions of
 * the channel's state and the clock, like ./rules.ts. Meta's enums are compared as strings;
 * unknown values raise nothing here and are still shown on the lifecycle timeline.
 */
import type { ChannelHealthInput, HealthWarning, QualityEvent, Severity } from "./types";

const DAY = 86_400_000;
/** How long a re-categorisation stays on the channel as a warning. */
export const CATEGORY_CHANGE_WARNING_DAYS = 30;

/** "TIER_1K" -> "1,000 customers a day"; unknown tiers are shown as Meta wrote them. */
export function describeLimit(limit: string | null | undefined): string {
  if (!limit) return "unknown";
  const tiers: Record<string, string> = {
    TIER_50: "50",
    TIER_250: "250",
    TIER_1K: "1,000",
    TIER_2K: "2,000",
    TIER_10K: "10,000",
    TIER_100K: "100,000",
  };
  if (limit === "TIER_UNLIMITED") return "unlimited";
  if (limit === "TIER_NOT_SET") return "not set yet (no message sent)";
  const n = tiers[limit] ?? (/^\d+$/.test(limit) ? Number(limit).toLocaleString("en-US") : null);
  return n ? `${n} customers in 24 hours` : limit;
}

const LIMIT_EVENTS = new Set([
  "FLAGGED",
  "UNFLAGGED",
  "UPGRADE",
  "DOWNGRADE",
  "ONBOARDING",
  "THROUGHPUT_UPGRADE",
]);

const COEX_NOTE =
  "On a coexistence number the limit counts the customers the API starts conversations with (templates); chats the business has in the WhatsApp Business app are not limited, and its 20 messages per second stay the same.";

export function numberQualityWarning(input: ChannelHealthInput): HealthWarning | null {
  const known = (input.qualityEvents ?? []).filter((e) => LIMIT_EVENTS.has(e.event));
  const latest = known.reduce<QualityEvent | null>((a, b) => (!a || b.at >= a.at ? b : a), null);
  if (!latest) return null;
  if (latest.event === "FLAGGED") {
    return {
      id: "number_flagged",
      severity: "warning",
      title: "Number flagged for low quality",
      message:
        `Meta flagged this number: customers block or report its messages. If the quality does not improve within 7 days, Meta lowers its messaging limit (now ${describeLimit(latest.limit)}). ${input.coexistence ? COEX_NOTE : ""}`.trim(),
      advice:
        "Pause marketing templates, send only to customers who asked for them, make opting out easy, and check the templates whose quality is yellow or red.",
      action: null,
      since: latest.at,
      fact: {
        text: `FLAGGED received for ${iso(latest.at)}`,
        source: "quality_rating",
        at: latest.at,
      },
    };
  }
  if (latest.event === "DOWNGRADE") {
    return {
      id: "number_downgraded",
      severity: "warning",
      title: "Messaging limit lowered",
      message:
        `Meta lowered this number's messaging limit${latest.oldLimit ? ` from ${describeLimit(latest.oldLimit)}` : ""} to ${describeLimit(latest.limit)} because of low quality. ${input.coexistence ? COEX_NOTE : ""}`.trim(),
      advice:
        "Send templates only to customers who expect them until the quality recovers; Meta raises the limit again as the quality improves.",
      action: null,
      since: latest.at,
      fact: {
        text: `DOWNGRADE (${latest.oldLimit ?? "?"} to ${latest.limit ?? "?"}) received for ${iso(latest.at)}`,
        source: "quality_rating",
        at: latest.at,
      },
    };
  }
  return null;
}

const ALERT_SEVERITY: Record<string, Severity> = { CRITICAL: "critical", WARNING: "warning" };
const CLOSED_ALERTS = new Set(["RESOLVED", "INACTIVE", "DISMISSED", "CLOSED"]);

/** The latest alert of each type that is still open; its severity is Meta's. */
export function accountAlertWarnings(input: ChannelHealthInput): HealthWarning[] {
  const latest = new Map<string, NonNullable<ChannelHealthInput["accountAlerts"]>[number]>();
  for (const alert of input.accountAlerts ?? []) {
    const seen = latest.get(alert.type);
    if (!seen || alert.at >= seen.at) latest.set(alert.type, alert);
  }
  return [...latest.values()]
    .filter((a) => !CLOSED_ALERTS.has((a.status ?? "").toUpperCase()))
    .map((a) => ({
      id: "account_alert" as const,
      severity: ALERT_SEVERITY[(a.severity ?? "").toUpperCase()] ?? "info",
      title: `Meta alert: ${words(a.type)}`,
      message: a.description ?? "Meta sent an alert about this number or its account.",
      advice:
        "Read the alert in Meta Business Suite (WhatsApp Manager > Overview): until it is resolved it may limit what the number can send.",
      action: null,
      since: a.at,
      fact: {
        text: `account_alerts ${a.type} (${a.severity ?? "no severity"}) for ${iso(a.at)}`,
        source: "account_update",
        at: a.at,
      },
    }));
}

export function templateWarnings(input: ChannelHealthInput, now: Date): HealthWarning[] {
  const out: HealthWarning[] = [];
  const templates = input.templates ?? [];
  const stopped = templates.filter((t) => t.status === "PAUSED" || t.status === "DISABLED");
  if (stopped.length > 0) {
    const disabled = stopped.some((t) => t.status === "DISABLED");
    const since = earliest(stopped.map((t) => t.lastChangeAt));
    out.push({
      id: "template_paused",
      severity: "warning",
      title: `${stopped.length} template${stopped.length === 1 ? "" : "s"} ${disabled ? "paused or disabled" : "paused"}`,
      message: `Meta stopped ${list(stopped.map((t) => `${t.name} (${t.language}, ${t.status.toLowerCase()})`))} for low quality: sends with ${stopped.length === 1 ? "it" : "them"} fail (132015 paused, 132016 disabled). Outside the 24-hour window a coexistence number can only send approved templates.`,
      advice: disabled
        ? "A disabled template cannot come back: create a new one with clearer content. A paused one resumes after 3 or 6 hours, or when edited."
        : "A paused template resumes after 3 hours (6 the second time), or when it is edited; a third pause disables it. Improve its content and who receives it.",
      action: null,
      since,
      fact: {
        text: `Template status ${stopped.map((t) => `${t.name} ${t.status}`).join(", ")}`,
        source: "template_webhook",
        at: since,
      },
    });
  }
  const low = templates.filter((t) => t.qualityScore === "RED" || t.qualityScore === "YELLOW");
  if (low.length > 0) {
    const red = low.some((t) => t.qualityScore === "RED");
    const since = earliest(low.map((t) => t.lastChangeAt));
    out.push({
      id: "template_quality",
      severity: "warning",
      title: `Template quality ${red ? "low" : "dropping"}`,
      message: `Customers block or report ${list(low.map((t) => `${t.name} (${t.qualityScore?.toLowerCase()})`))}. A template rated red is paused by Meta if it does not improve.`,
      advice:
        "Send it only to customers who expect it, and make its content more useful; or stop using it.",
      action: null,
      since,
      fact: {
        text: `Template quality ${low.map((t) => `${t.name} ${t.qualityScore}`).join(", ")}`,
        source: "template_webhook",
        at: since,
      },
    });
  }
  const recategorised = templates.filter(
    (t) =>
      t.previousCategory &&
      t.previousCategory !== t.category &&
      t.categoryChangedAt &&
      now.getTime() - t.categoryChangedAt.getTime() < CATEGORY_CHANGE_WARNING_DAYS * DAY,
  );
  if (recategorised.length > 0) {
    const since = earliest(recategorised.map((t) => t.categoryChangedAt ?? t.lastChangeAt));
    out.push({
      id: "template_category",
      severity: "info",
      title: "Template category changed by Meta",
      message: `Meta re-categorised ${list(recategorised.map((t) => `${t.name} from ${t.previousCategory?.toLowerCase()} to ${t.category.toLowerCase()}`))}: each send is now priced at the new category${recategorised.some((t) => t.category === "MARKETING") ? " (marketing costs more than utility and is never free in the service window)" : ""}.`,
      advice:
        "Check the prices in the Templates tab. To keep the old category, rewrite the template so it matches it and submit it again.",
      action: null,
      since,
      fact: { text: "template_category_update received", source: "template_webhook", at: since },
    });
  }
  return out;
}

function earliest(dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

function list(items: string[]): string {
  if (items.length <= 3) return items.join(", ");
  return `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;
}

function words(value: string): string {
  return value.toLowerCase().replace(/_/g, " ");
}

function iso(d: Date) {
  return d.toISOString().replace("T", " ").slice(0, 16);
}
