/** Raw-row helpers shared by lib/chats queries (postgres.js and PGlite differ in shapes). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  // Raw timestamptz text as Postgres prints it: "2026-01-10 00:00:00.123+00".
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(
    String(value),
  );
  const text = m
    ? `${m[1]}T${m[2]}${(m[3] ?? "").slice(0, 4)}${normalizeZone(m[4])}`
    : String(value);
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function normalizeZone(zone: string | undefined): string {
  if (!zone || zone === "Z") return "Z";
  const digits = zone.slice(1).replace(":", "");
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || "00"}`;
}

export function iso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}

/**
 * Keyset cursor on (sent_at, seq): sent_at as exact epoch seconds text (microseconds kept), seq
 * the arrival order that breaks ties between messages of the same second.
 */
export function encodeCursor(epoch: string, seq: string | number): string {
  return Buffer.from(`${epoch}|${seq}`).toString("base64url");
}

export function decodeCursor(cursor: string): { epoch: string; seq: string } | null {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^(\d{1,12}(?:\.\d{1,6})?)\|(\d{1,18})$/.exec(raw);
  return m ? { epoch: m[1]!, seq: m[2]! } : null;
}
