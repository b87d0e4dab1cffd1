import "server-only";
import { hitRateLimit, minutesFromNow, type RateLimitRule } from "@/lib/auth/rate-limit";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * The public onboarding page creates a session per checklist submitted, with no account behind
 * it: per IP address, a business (or an agency onboarding several) has ample room, a script that
 * fills the partner's funnel with junk does not.
 */
export function onboardingSessionRule(): RateLimitRule {
  return {
    scope: "onboarding.session_ip",
    limit: getEnv().onboardingSessionsPerIp,
    windowMs: 10 * 60_000,
  };
}

/** Counts one new onboarding session for the address, or refuses it with when to retry. */
export async function admitOnboardingSession(ip: string, { now }: { now?: Date } = {}) {
  const state = await hitRateLimit(onboardingSessionRule(), ip, { now });
  if (!state.allowed) {
    throw new AppError(
      "rate_limited",
      `Too many onboarding attempts from your network. Try again in ${minutesFromNow(state.retryAfterMs)}.`,
    );
  }
}
