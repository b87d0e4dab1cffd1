import "server-only";
import { getEnv } from "@/lib/env";
import { sandboxNow } from "@/lib/sandbox/clock";

/**
 * The time health evaluation runs at. In production it is the real clock. Outside production with
 * the sandbox on (dev, demo, the e2e suite), it follows the sandbox clock (POST /sandbox/api/clock),
 * so moving the sandbox 11 days ahead makes the hub's 13-day rule see 11 days pass too.
 */
export async function getHealthNow(): Promise<Date> {
  const env = getEnv();
  if (env.isProduction || !env.sandbox) return new Date();
  return sandboxNow();
}
