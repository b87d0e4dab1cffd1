import { z } from "zod";
import {
  consolePageParam,
  parseConsoleParams,
  type SearchParams,
} from "@/lib/partners/console-list";

export const ONBOARDING_PERIODS = [7, 30, 90] as const;

/** The onboarding page's URL: the funnel's period in days and the sessions' page. */
export const onboardingSearchSchema = z.object({
  days: z.enum(ONBOARDING_PERIODS.map(String) as ["7", "30", "90"]).transform(Number),
  page: consolePageParam,
});

/** As the console lists: a bad value falls back to the default (30 days, page 1). */
export function parseOnboardingSearch(params: SearchParams) {
  const { days = 30, page = 1 } = parseConsoleParams(onboardingSearchSchema, params);
  return { days, page };
}
