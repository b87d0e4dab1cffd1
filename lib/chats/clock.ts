import "server-only";
import { getHealthNow } from "@/lib/health/clock";

/**
 * The time the hub judges service windows at (inbox, timeline, composer) and stamps sends with: the real clock in
 * production, the sandbox clock outside it (so `POST /sandbox/api/clock` closes the window for
 * the hub exactly as for the sandbox's Meta). The throughput cap always uses the real clock.
 */
export const chatNow: () => Promise<Date> = getHealthNow;
