import { parsePhoneNumberFromString } from "libphonenumber-js";
import { isBsuid } from "@/lib/meta/bsuid";

/**
 * The one way the console writes dates, phone numbers, money and enum values. Pure and safe in
 * the browser: the components in components/format pass the viewer's locale and time zone; the
 * server (first paint, CSV) passes none and gets a fixed, unambiguous form (UTC).
 */

export type Viewer = { locale?: string; timeZone?: string };

const SERVER_LOCALE = "en-GB";

export function toDate(value: Date | string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "4 Dec 2026, 15:25" in the viewer's zone; with " UTC" when no zone is known. */
export function formatDateTime(value: Date | string | null | undefined, viewer: Viewer = {}) {
  const date = toDate(value);
  if (!date) return "—";
  const text = new Intl.DateTimeFormat(viewer.locale ?? SERVER_LOCALE, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: viewer.timeZone ?? "UTC",
  }).format(date);
  return viewer.timeZone ? text : `${text} UTC`;
}

/** A day without time ("4 Dec 2026"). */
export function formatDay(value: Date | string | null | undefined, viewer: Viewer = {}) {
  const date = toDate(value);
  if (!date) return "—";
  return new Intl.DateTimeFormat(viewer.locale ?? SERVER_LOCALE, {
    dateStyle: "medium",
    timeZone: viewer.timeZone ?? "UTC",
  }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 days ago", "in 2 hours", "yesterday", "now" (under a minute). */
export function formatRelative(
  value: Date | string | null | undefined,
  now: Date = new Date(),
  viewer: Viewer = {},
) {
  const date = toDate(value);
  if (!date) return "—";
  const diff = date.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(viewer.locale ?? "en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, "second") === "now" ? "now" : "just now";
}

/**
 * International, grouped as the country writes it: "+351 912 345 678". Digits or "+digits". A
 * customer's BSUID (stored where the number would be, for a username-only customer) is shown as is.
 */
export function formatPhone(value: string | null | undefined) {
  if (!value) return "—";
  if (isBsuid(value)) return value;
  const digits = value.replace(/\D/g, "");
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed ? parsed.formatInternational() : `+${digits}`;
}

export type MoneyInput = { micros: number; currency: string | null | undefined };

/** "$1,234.57": two decimals (amounts are stored in millionths). */
export function formatMoney({ micros, currency }: MoneyInput, viewer: Viewer = {}) {
  return new Intl.NumberFormat(viewer.locale ?? "en-US", {
    style: "currency",
    currency: currency ?? "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(micros / 1_000_000);
}

/** Every stored digit ("$0.0068"), for the title behind a two-decimal amount. */
export function formatMoneyExact({ micros, currency }: MoneyInput, viewer: Viewer = {}) {
  return new Intl.NumberFormat(viewer.locale ?? "en-US", {
    style: "currency",
    currency: currency ?? "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format(micros / 1_000_000);
}

const ACRONYMS = new Set(["api", "csv", "url", "id", "waba", "ctwa", "pmp", "cbp", "utc"]);

/** An enum value as words: "GREEN" → "Green", "request_history_sync" → "Request history sync". */
export function formatEnum(value: string | null | undefined) {
  if (!value) return "—";
  const words = value
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  return words
    .map((word, i) =>
      ACRONYMS.has(word)
        ? word.toUpperCase()
        : i === 0
          ? word[0]!.toUpperCase() + word.slice(1)
          : word,
    )
    .join(" ");
}

/** "1 chat", "3 chats". */
export function plural(count: number, noun: string, nouns = `${noun}s`) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? noun : nouns}`;
}

/**
 * How a customer is shown beside their name: the number when Meta gave one, else the WhatsApp
 * username (`@bob`) of a customer who hides their number, else their business-scoped user id.
 */
export function formatCustomer(c: {
  waId: string | null;
  username?: string | null;
  userId?: string | null;
}): string {
  if (c.waId) return formatPhone(c.waId);
  if (c.username) return c.username.startsWith("@") ? c.username : `@${c.username}`;
  return c.userId ?? "";
}
