import "server-only";
import { AppError } from "@/lib/errors";
import { META_ERROR, type MetaApiError } from "@/lib/meta/graph";
import { estimateJson } from "./api-shape";
import type { MetaErrorView, SendEstimateView, SentMessageView } from "./types";

/**
 * The send path's refusals and failures, in the one error shape. Each carries Meta's error in
 * `details.meta_error` (Meta's field names), so partners' software can switch on Meta's code as
 * it would with Meta's own answer, and `details.message` when a row was stored.
 */

export function metaErrorView(error: MetaApiError): MetaErrorView {
  return {
    code: error.code ?? null,
    errorSubcode: error.errorSubcode ?? null,
    message:
      error.kind === "meta"
        ? (error.metaMessage ?? error.message)
        : error.kind === "timeout"
          ? "Meta did not answer in time."
          : error.kind === "network"
            ? "Meta could not be reached."
            : "Meta's answer could not be read.",
    type: error.type ?? null,
    fbtraceId: error.fbtraceId ?? null,
    hint: error.hint ?? null,
  };
}

/** Meta's field names, as in Meta's own error body. */
export function metaErrorJson(e: MetaErrorView) {
  return {
    code: e.code,
    error_subcode: e.errorSubcode,
    message: e.message,
    type: e.type,
    fbtrace_id: e.fbtraceId,
    hint: e.hint,
  };
}

function messageJson(m: SentMessageView) {
  return { id: m.id, wamid: m.wamid, status: m.status };
}

/** Free-form outside the customer service window: refused here, Meta is never called. */
export function windowClosedError(estimate: SendEstimateView, closedAt: Date | null) {
  const meta: MetaErrorView = {
    code: META_ERROR.outsideServiceWindow,
    errorSubcode: null,
    message: "Re-engagement message",
    type: null,
    fbtraceId: null,
    hint: "More than 24 hours since the customer last wrote (or the customer has not written since onboarding): only a template can be sent now.",
  };
  return new AppError(
    "unprocessable",
    "Outside the customer service window only templates can be sent (131047): the customer has not written in the last 24 hours since onboarding. Nothing was sent.",
    undefined,
    {
      details: {
        meta_error: metaErrorJson(meta),
        window: { open: false, closed_at: closedAt?.toISOString() ?? null },
        estimate: estimateJson(estimate),
      },
    },
  );
}

export function throughputError({ cap, retryAfterMs }: { cap: number; retryAfterMs: number }) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(
    "rate_limited",
    `This channel sends at most ${cap} messages per second (the coexistence cap). Nothing was sent: retry after ${seconds} s.`,
    undefined,
    {
      details: { limit_per_second: cap, retry_after_ms: retryAfterMs },
      headers: { "Retry-After": String(seconds) },
    },
  );
}

/** Meta refused or failed the send; the stored row is `failed` with this error. */
export function metaFailureError(error: MetaApiError, stored: SentMessageView) {
  const view = metaErrorView(error);
  const details = { meta_error: metaErrorJson(view), message: messageJson(stored) };
  if (error.code === META_ERROR.throughputExceeded) {
    return new AppError(
      "rate_limited",
      `Meta refused the message: throughput limit reached (130429). It is stored as failed; send it again in a moment.`,
      undefined,
      { details, headers: { "Retry-After": "1" } },
    );
  }
  if (error.kind === "meta" && (error.status ?? 400) < 500) {
    return new AppError(
      "unprocessable",
      `Meta refused the message (${view.code}${view.errorSubcode ? `/${view.errorSubcode}` : ""}): ${view.message}${view.hint ? ` ${view.hint}` : ""} It is stored as failed.`,
      undefined,
      { details },
    );
  }
  return new AppError(
    "unavailable",
    `Meta could not take the message (${view.message}). It is stored as failed; send it again later.`,
    undefined,
    { details, headers: { "Retry-After": "5" } },
  );
}
