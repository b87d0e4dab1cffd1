import type { GraphFailure } from "./graph-port";
import type { ServerStep } from "./steps";

/**
 * Turns a failed step into words a small-business owner can act on, with the next step.
 * Meta's code and fbtrace_id stay attached for the partner's support request.
 */
export type StepFailure = { code: string; message: string; metaCode?: number; fbtraceId?: string };

export const ALREADY_CONNECTED_MESSAGE =
  "This number is already connected through another provider or partner. Disconnect it there first (in the app: Settings > Account > Business Platform > Disconnect), then start again.";

export function describeStepFailure(step: ServerStep, failure: GraphFailure): StepFailure {
  const meta = { metaCode: failure.code, fbtraceId: failure.fbtraceId };
  if (step === "exchange_token") {
    return {
      code: "code_expired",
      message:
        "Meta's authorisation expired before we could use it (it lasts 30 seconds). Start again: your number has not been changed.",
      ...meta,
    };
  }
  const unavailable =
    failure.retryable === true ||
    (failure.status !== undefined && failure.status >= 500) ||
    failure.status === 429;
  if (unavailable) {
    return {
      code: "meta_unavailable",
      message:
        "Meta is not answering right now. Try again in a minute: the steps already done are kept.",
      ...meta,
    };
  }
  if (step === "request_contacts_sync" || step === "request_history_sync") {
    return {
      code: "sync_window_passed",
      message:
        "Meta refused the sync: it is accepted once, within 24 hours of connecting. Your number is connected and new chats will mirror; to import older chats, disconnect and connect again.",
      ...meta,
    };
  }
  return {
    code: "meta_refused",
    message: `Meta refused this step: ${failure.message}. Quote the reference below if you contact support.`,
    ...meta,
  };
}
