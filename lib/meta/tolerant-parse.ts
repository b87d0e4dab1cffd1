import type { z } from "zod";
import { changeValueSchemas, isKnownField, type ParsedChange } from "./webhooks";

/** An item of a change that could not be read (e.g. a status value Meta added), kept raw. */
export type SkippedItem = { path: string; reason: string; raw: unknown };

export type TolerantParseResult =
  | { ok: true; change: ParsedChange; skipped: SkippedItem[] }
  | { ok: false; reason: "unknown_field"; field: string }
  | { ok: false; reason: "invalid"; field: string; issues: string[]; skipped: SkippedItem[] };

/** More than this many rounds means the shape itself is wrong, not a few items. */
const MAX_ROUNDS = 8;

/**
 * Parses one change's value by its field, item by item: when an item of an array (a status, a
 * message, a history thread's message...) does not fit its schema, that item alone is taken out
 * and reported with its reason and raw value, and its siblings are still read. Only a problem
 * outside every array (the change's metadata, say) makes the whole change invalid.
 */
export function parseChangeTolerantly(field: string, value: unknown): TolerantParseResult {
  if (!isKnownField(field)) return { ok: false, reason: "unknown_field", field };
  const schema = changeValueSchemas[field] as z.ZodType;
  const skipped: SkippedItem[] = [];
  let current = value;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = schema.safeParse(current);
    if (parsed.success) {
      return { ok: true, change: { field, value: parsed.data } as ParsedChange, skipped };
    }
    const faults = new Map<string, { path: PropertyKey[]; reasons: string[] }>();
    const wholeChange: string[] = [];
    for (const issue of parsed.error.issues) {
      const itemPath = innermostItem(issue.path);
      const where = issue.path.map(String).join(".");
      if (!itemPath) {
        wholeChange.push(`${where || "(value)"}: ${issue.message}`);
        continue;
      }
      const key = itemPath.map(String).join(".");
      const fault = faults.get(key) ?? { path: itemPath, reasons: [] };
      fault.reasons.push(`${where}: ${issue.message}`);
      faults.set(key, fault);
    }
    if (wholeChange.length > 0)
      return { ok: false, reason: "invalid", field, issues: wholeChange, skipped };
    current = structuredClone(current);
    // Deepest and last first, so removing one item does not shift another's index.
    const ordered = [...faults.values()].sort(
      (a, b) => b.path.length - a.path.length || Number(b.path.at(-1)) - Number(a.path.at(-1)),
    );
    for (const fault of ordered) {
      const parent = at(current, fault.path.slice(0, -1)) as unknown[];
      const index = Number(fault.path.at(-1));
      skipped.push({
        path: fault.path.map(String).join("."),
        reason: fault.reasons.join("; "),
        raw: parent[index],
      });
      parent.splice(index, 1);
    }
  }
  return { ok: false, reason: "invalid", field, issues: ["too many unreadable items"], skipped };
}

/** The path up to and including the last array index in an issue's path, if any. */
function innermostItem(path: PropertyKey[]): PropertyKey[] | null {
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] === "number") return path.slice(0, i + 1);
  }
  return null;
}

function at(root: unknown, path: PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<PropertyKey, unknown>)[key];
  return node;
}
