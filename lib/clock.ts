import "server-only";
import { getEnv } from "@/lib/env";
import { sandboxNow } from "@/lib/sandbox/clock";

/**
 * The hub's clock: what service windows (inbox, timeline, composer), health rules (the 14-day
 * app rule, companions) and sync deadlines are judged at, and what sends are stamped with. The
 * real clock in production; outside production with the sandbox on (dev, demo, the e2e suite) the
 * sandbox clock, so `POST /sandbox/api/clock` moves time for the hub exactly as for the sandbox's
 * Meta. The throughput cap always uses the real clock.
 */
export async function hubNow(): Promise<Date> {
  const env = getEnv();
  if (env.isProduction || !env.sandbox) return new Date();
  return sandboxNow();
}
