"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { type ActionResult, AppError } from "@/lib/errors";
import { readEmbeddedSignupMessage } from "@/lib/meta/embedded-signup";
import { type ChecklistState, eligibilityAnswersSchema } from "@/lib/onboarding/eligibility";
import { finishOnboarding } from "@/lib/onboarding/finish";
import { createOnboardingGraph } from "@/lib/onboarding/graph";
import { type LinkParams, linkParamsSchema } from "@/lib/onboarding/links";
import { type ClientProgress, getClientProgress } from "@/lib/onboarding/progress";
import { admitOnboardingSession } from "@/lib/onboarding/session-rate-limit";
import { markPopupOpened, recordPopupOutcome, submitEligibility } from "@/lib/onboarding/sessions";
import {
  popupMessageSchema,
  refuseBadInput,
  sessionIdSchema,
  signupCodeSchema,
  slugSchema,
} from "./refusals";

// Public actions: the client has no account. The partner slug and link parameters are re-checked
// on the server, and afterwards the random session id is the only key to the session. The page
// passes them to OnboardingFlow; the progress it polls is a GET route
// (app/api/onboard/sessions/[sessionId]/progress, lib/onboarding/query-options.ts).

export async function submitChecklistAction(
  slug: string,
  params: LinkParams,
  _previous: ChecklistState,
  formData: FormData,
): Promise<ChecklistState> {
  if (!(formData instanceof FormData)) {
    return { error: "The form did not arrive. Reload the page and try again." };
  }
  const values: Record<string, string> = {
    // A missing number reads as an empty one: the same "Enter the number" the form would show.
    number: "",
    ...Object.fromEntries(
      [...formData.entries()]
        .filter(([key]) => !key.startsWith("$"))
        .map(([k, v]) => [k, String(v)]),
    ),
  };
  const parsed = eligibilityAnswersSchema.safeParse(values);
  if (!parsed.success) {
    return {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values,
    };
  }
  const ip = await callerIp();
  const result = await refuseBadInput("submitChecklist", async () => {
    await admitOnboardingSession(ip);
    return submitEligibility({
      slug: slugSchema.parse(slug),
      params: linkParamsSchema.parse(params),
      answers: parsed.data,
    });
  });
  if (!result.ok) return { error: result.message, values };
  const { sessionId, result: eligibility } = result.data;
  return { sessionId, eligible: eligibility.eligible, checks: eligibility.checks, values };
}

export async function popupOpenedAction(sessionId: string): Promise<ActionResult<null>> {
  return refuseBadInput("popupOpened", async () => {
    await markPopupOpened({ sessionId: sessionIdSchema.parse(sessionId) });
    return null;
  });
}

/** A cancel or an error from the popup: recorded for the partner's funnel. */
export async function popupOutcomeAction(
  sessionId: string,
  rawMessage: string | null,
): Promise<ActionResult<ClientProgress>> {
  return refuseBadInput("popupOutcome", async () => {
    const id = sessionIdSchema.parse(sessionId);
    const message = popupMessageSchema.nullable().parse(rawMessage ?? null);
    const outcome = message ? readEmbeddedSignupMessage(message) : null;
    await recordPopupOutcome({
      sessionId: id,
      outcome: outcome ?? { kind: "cancel", currentStep: "POPUP_CLOSED" },
    });
    return getClientProgress({ sessionId: id });
  });
}

/**
 * The popup finished and FB.login gave a code: record the finish, then run the server steps at
 * once (the code lives 30 seconds). Safe to call twice: the second call waits for the first.
 */
export async function finishSignupAction(
  sessionId: string,
  rawMessage: string,
  code: string,
): Promise<ActionResult<ClientProgress>> {
  return refuseBadInput("finishSignup", async () => {
    const id = sessionIdSchema.parse(sessionId);
    const outcome = readEmbeddedSignupMessage(popupMessageSchema.parse(rawMessage));
    const signupCode = signupCodeSchema.parse(code);
    if (outcome?.kind !== "finish") throw new AppError("bad_request", "The signup did not finish.");
    await recordPopupOutcome({ sessionId: id, outcome });
    await finishOnboarding({ sessionId: id, code: signupCode, graph: createOnboardingGraph() });
    return getClientProgress({ sessionId: id });
  });
}

/** The caller's address for the per-IP limit; "unknown" outside a request (direct calls in tests). */
async function callerIp(): Promise<string> {
  try {
    return clientIp(await headers());
  } catch {
    return "unknown";
  }
}
