/**
 * The Costs page's date range, in the URL: `range=7d|30d|90d` (the last N days including today)
 * or `from` and `to` (both inclusive, YYYY-MM-DD). Days are UTC dates, as the rollups are. Pure.
 */
import { z } from "zod";

export const rangePresets = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "30d", label: "Last 30 days", days: 30 },
  { id: "90d", label: "Last 90 days", days: 90 },
] as const;

export type CostRange = {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive (the URL and the page speak of it). */
  to: string;
  /** The day after `to`: the reports' exclusive end. */
  toExclusive: string;
  days: string[];
  preset: (typeof rangePresets)[number]["id"] | null;
  /** The same number of days just before. */
  previous: { from: string; toExclusive: string };
};

const DAY = 86_400_000;
const MAX_DAYS = 366;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** A day in the URL: YYYY-MM-DD, a real date. */
export const costDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(dayMs(value)));
const validDay = (value: string | undefined) =>
  costDaySchema.safeParse(value).success ? (value as string) : null;

export function parseCostRange(
  params: { range?: string; from?: string; to?: string },
  now: Date = new Date(),
): CostRange {
  const today = isoDay(now.getTime());
  let from = validDay(params.from);
  let to = validDay(params.to);
  let preset: CostRange["preset"] = null;
  if (!from || !to || dayMs(from) > dayMs(to)) {
    const chosen = rangePresets.find((p) => p.id === params.range) ?? rangePresets[1];
    preset = chosen.id;
    to = today;
    from = isoDay(dayMs(today) - (chosen.days - 1) * DAY);
  }
  // A very long custom range keeps its end and is cut to a year.
  if ((dayMs(to) - dayMs(from)) / DAY + 1 > MAX_DAYS)
    from = isoDay(dayMs(to) - (MAX_DAYS - 1) * DAY);
  const count = (dayMs(to) - dayMs(from)) / DAY + 1;
  const days = Array.from({ length: count }, (_, i) => isoDay(dayMs(from) + i * DAY));
  return {
    from,
    to,
    toExclusive: isoDay(dayMs(to) + DAY),
    days,
    preset,
    previous: { from: isoDay(dayMs(from) - count * DAY), toExclusive: from },
  };
}
