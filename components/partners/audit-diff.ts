import { formatEnum } from "@/lib/format";

/** One changed field of an audit entry, in words: "Max channels: 1 → 3". */
export type AuditChange = { field: string; before: string | null; after: string | null };

function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => show(v) ?? "—").join(", ") || "none";
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${formatEnum(k)}: ${show(v) ?? "—"}`)
    .join(", ");
}

/**
 * What an audit entry changed, field by field: only the fields whose value differs (a creation
 * lists what was set, a removal what was there). Not JSON: field names and values as words.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const asRecord = (value: unknown): Record<string, unknown> =>
    value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : value === null || value === undefined
        ? {}
        : { value };
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field: formatEnum(field), before: show(b[field]), after: show(a[field]) }));
}
