import "server-only";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { deleteExpiredRateLimitWindows } from "./api-keys";

/** Rate limit windows are kept a few minutes for the headers, then deleted by any instance. */
export function registerPartnerJobs() {
  registerPeriodicJob({
    name: "partners.rate-limit-cleanup",
    intervalMs: 5 * 60_000,
    run: () => deleteExpiredRateLimitWindows(),
  });
}
