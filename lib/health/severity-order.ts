import { compareSeverity } from "./rules";
import type { Severity } from "./types";

/**
 * Orders rows by their worst warning, most severe first; rows without warnings last. Stable: rows
 * of equal severity keep their order (the list's own sort).
 */
export function sortByWorstSeverity<T extends { id: string }>(
  rows: readonly T[],
  worstOf: (id: string) => Severity | null,
): T[] {
  const rank = (row: T) => {
    const worst = worstOf(row.id);
    return worst === null ? 3 : compareSeverity(worst, "critical");
  };
  return rows
    .map((row, index) => ({ row, index, rank: rank(row) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.row);
}
