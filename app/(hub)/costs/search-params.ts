import { z } from "zod";
import { costDaySchema, parseCostRange, rangePresets } from "@/components/costs/cost-range";
import { parseConsoleParams, type SearchParams } from "@/lib/partners/console-list";

/** The costs page's URL: a preset `range`, or `from` and `to` (YYYY-MM-DD, both inclusive). */
export const costsSearchSchema = z.object({
  range: z.enum(rangePresets.map((preset) => preset.id) as [string, ...string[]]),
  from: costDaySchema,
  to: costDaySchema,
});

/**
 * As the console lists: a bad value is dropped, and the range falls back to its default (the
 * last 30 days; a reversed or half custom range too).
 */
export function parseCostsSearch(params: SearchParams, now?: Date) {
  return parseCostRange(parseConsoleParams(costsSearchSchema, params), now);
}
