import type { OnboardingStatus } from "@/db/schema/onboarding";

/**
 * A session's outcome for reports and the Partner API: its status, coarser. `in_progress` is
 * still open (checklist passed, popup open, server steps running); `failed` covers Meta's errors,
 * failed server steps and expired codes (a new popup is needed).
 */
export const onboardingOutcomes = [
  "completed",
  "in_progress",
  "cancelled",
  "ineligible",
  "failed",
] as const;
export type OnboardingOutcome = (typeof onboardingOutcomes)[number];

export const outcomeOfStatus: Record<OnboardingStatus, OnboardingOutcome> = {
  completed: "completed",
  eligible: "in_progress",
  popup_opened: "in_progress",
  in_progress: "in_progress",
  cancelled: "cancelled",
  ineligible: "ineligible",
  errored: "failed",
  failed: "failed",
  needs_restart: "failed",
};

export function statusesOfOutcome(outcome: OnboardingOutcome): OnboardingStatus[] {
  return (Object.keys(outcomeOfStatus) as OnboardingStatus[]).filter(
    (status) => outcomeOfStatus[status] === outcome,
  );
}
