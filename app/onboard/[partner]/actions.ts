"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { AppError } from "@/lib/errors";
import { readEmbeddedSignupMessage } from "@/lib/meta/embedded-signup";
import type { EligibilityCheck } from "@/lib/onboarding/eligibility";
import { eligibilityAnswersSchema } from "@/lib/onboarding/eligibility";
import { finishOnboarding } from "@/lib/onboarding/finish";
import { createOnboardingGraph } from "@/lib/onboarding/graph";
import { type LinkParams, linkParamsSchema } from "@/lib/onboarding/links";
import { getClientProgress } from "@/lib/onboarding/progress";
import { admitOnboardingSession } from "@/lib/onboarding/session-rate-limit";
import { markPopupOpened, recordPopupOutcome, submitEligibility } from "@/lib/onboarding/sessions";

// Public actions: the client has no account. The partner slug and link parameters are re-checked
// on the server, and afterwards the random session id is the only key to the session.

export type ChecklistState = {
  sessionId?: string;
  eligible?: boolean;
  checks?: EligibilityCheck[];
  error?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

const sessionIdSchema = z.uuid();

export async function submitChecklistAction(
  slug: string,
  params: LinkParams,
  _previous: ChecklistState,
  formData: FormData,
): Promise<ChecklistState> {
  const values = Object.fromEntries(
    [...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]),
  );
  const parsed = eligibilityAnswersSchema.safeParse(values);
  if (!parsed.success) {
    return {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values,
    };
  }
  try {
    await admitOnboardingSession(clientIp(await headers()));
    const { sessionId, result } = await submitEligibility({
      slug,
      params: linkParamsSchema.parse(params),
      answers: parsed.data,
    });
    return { sessionId, eligible: result.eligible, checks: result.checks, values };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, values };
    throw error;
  }
}

export async function popupOpenedAction(sessionId: string) {
  await markPopupOpened({ sessionId: sessionIdSchema.parse(sessionId) });
}

/** A cancel or an error from the popup: recorded for the partner's funnel. */
export async function popupOutcomeAction(sessionId: string, rawMessage: string | null) {
  const id = sessionIdSchema.parse(sessionId);
  const outcome = rawMessage ? readEmbeddedSignupMessage(rawMessage) : null;
  await recordPopupOutcome({
    sessionId: id,
    outcome: outcome ?? { kind: "cancel", currentStep: "POPUP_CLOSED" },
  });
  return getClientProgress({ sessionId: id });
}

export async function progressAction(sessionId: string) {
  return getClientProgress({ sessionId: sessionIdSchema.parse(sessionId) });
}

/**
 * The popup finished and FB.login gave a code: record the finish, then run the server steps at
 * once (the code lives 30 seconds). Safe to call twice: the second call waits for the first.
 */
export async function finishSignupAction(sessionId: string, rawMessage: string, code: string) {
  const id = sessionIdSchema.parse(sessionId);
  const outcome = readEmbeddedSignupMessage(rawMessage);
  if (outcome?.kind !== "finish") throw new AppError("bad_request", "The signup did not finish.");
  await recordPopupOutcome({ sessionId: id, outcome });
  await finishOnboarding({
    sessionId: id,
    code: z.string().min(1).max(2000).parse(code),
    graph: createOnboardingGraph(),
  });
  return getClientProgress({ sessionId: id });
}
