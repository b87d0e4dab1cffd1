import "server-only";
import type { WebhookOutcome } from "@/db/schema/ingest";
import { parseChangeTolerantly, type SkippedItem } from "@/lib/meta/tolerant-parse";
import { type ParsedChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { obj } from "../extract";
import { parseStoredBody } from "../sanitize";

export type ClaimedEvent = {
  id: string;
  body: string;
  bodyEncoding: string;
  receivedAt: Date;
  outcome: WebhookOutcome;
  attempts: number;
};

export type Routing = { fields: string[]; wabaIds: string[]; phoneNumberIds: string[] };

/** One change of an event, read and ready to route. */
export type PreparedChange = {
  where: string;
  field: string;
  entryId: string;
  occurredAt: Date;
  // As Meta sent it (made storable): what forwarding hands on.
  raw: unknown;
  parsed: ParsedChange | null;
  skipped: SkippedItem[];
  // Why the change is not applied, when it is not (unknown field, invalid shape).
  problem: string | null;
};

export type PreparedEvent = {
  row: ClaimedEvent;
  unparseable: string[] | null;
  routing: Routing | null;
  changes: PreparedChange[];
};

/** Reads a stored event: JSON, envelope, and every change item by item, before any write. */
export function prepareEvent(row: ClaimedEvent): PreparedEvent {
  let json: unknown;
  try {
    json = parseStoredBody(row);
  } catch (error) {
    return {
      row,
      unparseable: [`not JSON: ${(error as Error).message}`],
      routing: null,
      changes: [],
    };
  }
  const envelope = webhookEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return {
      row,
      unparseable: envelope.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      routing: null,
      changes: [],
    };
  }
  const fields = new Set<string>();
  const wabaIds = new Set<string>();
  const phoneNumberIds = new Set<string>();
  const changes: PreparedChange[] = [];
  for (const [entryIndex, entry] of envelope.data.entry.entries()) {
    wabaIds.add(entry.id);
    const occurredAt = entry.time ? new Date(entry.time * 1000) : row.receivedAt;
    for (const [changeIndex, change] of entry.changes.entries()) {
      fields.add(change.field);
      const phoneNumberId = obj(obj(change.value)?.metadata)?.phone_number_id;
      if (typeof phoneNumberId === "string") phoneNumberIds.add(phoneNumberId);
      const where = `entry ${entryIndex} change ${changeIndex} (${change.field})`;
      const parsed = parseChangeTolerantly(change.field, change.value);
      changes.push({
        where,
        field: change.field,
        entryId: entry.id,
        occurredAt,
        raw: change.value,
        parsed: parsed.ok ? parsed.change : null,
        skipped: parsed.ok || parsed.reason === "invalid" ? parsed.skipped : [],
        problem: parsed.ok
          ? null
          : parsed.reason === "unknown_field"
            ? "field not handled"
            : parsed.issues.join("; "),
      });
    }
  }
  return {
    row,
    unparseable: null,
    routing: { fields: [...fields], wabaIds: [...wabaIds], phoneNumberIds: [...phoneNumberIds] },
    changes,
  };
}

/** A skipped item as a note: where, why, and the item itself (short), for the events view. */
export function skippedNote(where: string, item: SkippedItem): string {
  const raw = JSON.stringify(item.raw) ?? "";
  return `${where}: ${item.path} skipped (${item.reason}): ${raw.length > 300 ? `${raw.slice(0, 300)}…` : raw}`;
}
