import { isBsuid } from "@/lib/meta/bsuid";
import { formatMoney } from "./rate-card";
import type { PricedMessage } from "./types";

/** The columns of a cost export, one row per outbound message. */
export const costCsvColumns = [
  "message_id",
  "wa_id",
  "user_id",
  "sent_at",
  "origin",
  "charged",
  "category",
  "rate_category",
  "pricing_model",
  "amount",
  "currency",
  "rate",
  "reason",
  "free_because",
  "rule_set",
  "market",
  "decided_by",
  "meta_disagrees",
] as const;

/** Quotes a cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Priced messages as CSV (RFC 4180, CRLF line ends, header first). Amounts as plain decimals. */
export function costsToCsv(priced: readonly PricedMessage[]): string {
  const rows = priced.map((message) => [
    message.messageId,
    // A username-only customer has no number: their BSUID goes in its own column.
    isBsuid(message.waId) ? "" : message.waId,
    isBsuid(message.waId) ? message.waId : "",
    message.at.toISOString(),
    message.origin,
    message.charged ? "yes" : "no",
    message.category,
    message.rateCategory ?? "",
    message.model ?? "",
    message.amount ? formatMoney(message.amount).split(" ")[1]! : "",
    message.amount?.currency ?? "",
    message.rate ? (message.rate.known ? message.rate.rateId : message.rate.why) : "",
    message.reason,
    message.freeBecause ?? "",
    message.ruleSetId ?? "",
    message.market.id ?? message.market.name,
    message.decidedBy,
    message.disagreement ? message.disagreement.fields.join("+") : "",
  ]);
  return [costCsvColumns as readonly string[], ...rows]
    .map((row) => row.map(cell).join(","))
    .join("\r\n")
    .concat("\r\n");
}
