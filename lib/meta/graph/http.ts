import "server-only";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { graphErrorBodySchema, MetaApiError } from "./errors";

/** Where and how the client talks to the Graph API. Defaults come from the environment. */
export type GraphConfig = {
  baseUrl: string;
  version: string;
  appId?: string;
  appSecret?: string;
  /** Per attempt. */
  timeoutMs: number;
  /**
   * Extra attempts after the first, for 5xx, 429 and network errors only; a non-idempotent call
   * only when the request provably never reached Meta (see `NOT_REACHED_CODES`).
   */
  retries: number;
  /** First backoff; doubles each retry, with jitter. Retry-After wins when Meta sends it. */
  backoffMs: number;
  /** Longest wait between attempts, whatever Retry-After says. */
  maxBackoffMs: number;
  fetch: typeof fetch;
};

export type GraphOptions = Partial<GraphConfig>;

export function graphConfig(overrides: GraphOptions = {}): GraphConfig {
  const meta = getEnv().meta;
  return {
    baseUrl: meta.graphBaseUrl,
    version: meta.graphVersion,
    appId: meta.appId,
    appSecret: meta.appSecret,
    timeoutMs: 10_000,
    retries: 2,
    backoffMs: 500,
    maxBackoffMs: 30_000,
    fetch: globalThis.fetch,
    ...overrides,
  };
}

export type GraphRequest<S extends z.ZodType> = {
  /** Names the call in errors and logs. */
  operation: string;
  method: "GET" | "POST" | "DELETE";
  /** Below the version, e.g. `/123/phone_numbers`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  token?: string;
  schema: S;
  /** A signup code works once: never resend it. */
  retry?: boolean;
  /**
   * Safe to repeat: GET and DELETE by default; a POST only when the caller says so (subscribing
   * twice is harmless, sending a message twice is not). See `attemptOnce`.
   */
  idempotent?: boolean;
};

/**
 * Connection errors after which the request provably never reached Meta: nothing was sent, so
 * even a message send may be tried again. A reset or a timeout is not among them: Meta may have
 * received the request and acted on it.
 */
export const NOT_REACHED_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
];

function isIdempotent(request: GraphRequest<z.ZodType>): boolean {
  return request.idempotent ?? request.method !== "POST";
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function backoffDelayMs(attempt: number, config: GraphConfig, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, config.maxBackoffMs);
  const exponential = config.backoffMs * 2 ** (attempt - 1);
  const jitter = exponential * 0.2 * Math.random();
  return Math.min(exponential + jitter, config.maxBackoffMs);
}

function buildUrl(config: GraphConfig, path: string, query?: GraphRequest<z.ZodType>["query"]) {
  const url = new URL(`${config.baseUrl.replace(/\/$/, "")}/${config.version}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One try's outcome: a value, or the error and whether another try may follow. */
export type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: MetaApiError; retryable: boolean; retryAfter?: number };

export type AttemptFailure = Extract<Attempt<unknown>, { ok: false }>;

/** What a failure needs to be named and judged: which call, which try, safe to repeat or not. */
export type AttemptContext = { operation: string; attempt: number; idempotent: boolean };

/**
 * Tries `attemptOnce` while its failures are retryable, up to `config.retries` extra times (none
 * when `retry` is false), with backoff between tries (Retry-After wins). Shared by every Graph
 * call and the media download. Logs name the operation and Meta's trace id, never the URL:
 * `oauth/access_token` carries the code and app secret in its query, a media link its signature.
 */
export async function withRetries<T>(
  operation: string,
  config: GraphConfig,
  attemptOnce: (attempt: number) => Promise<Attempt<T>>,
  retry = true,
): Promise<T> {
  const maxAttempts = retry ? 1 + Math.max(0, config.retries) : 1;
  const log = getLogger();
  let last: AttemptFailure | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = await attemptOnce(attempt);
    if (outcome.ok) return outcome.value;
    last = outcome;
    if (!last.retryable || attempt === maxAttempts) break;
    const delay = backoffDelayMs(attempt, config, last.retryAfter);
    log.warn(
      {
        operation,
        attempt,
        delayMs: Math.round(delay),
        kind: last.error.kind,
        status: last.error.status,
        code: last.error.code,
        fbtraceId: last.error.fbtraceId,
      },
      "graph call failed, retrying",
    );
    await sleep(delay);
  }
  if (!last) throw new Error("unreachable");
  log.warn({ metaError: last.error.toJSON() }, "graph call failed");
  throw last.error;
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/**
 * A fetch that threw: a timeout or a connection error. Retryable when the call is safe to repeat,
 * or when the error proves the request never reached Meta (see `NOT_REACHED_CODES`).
 */
export function fetchFailure(error: unknown, context: AttemptContext): AttemptFailure {
  const timedOut = isTimeout(error);
  // Only the error code of the cause (ECONNREFUSED...): its message may quote the URL.
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const notReached = !timedOut && code !== undefined && NOT_REACHED_CODES.includes(code);
  return {
    ok: false,
    retryable: context.idempotent || notReached,
    error: new MetaApiError({
      kind: timedOut ? "timeout" : "network",
      operation: context.operation,
      attempts: context.attempt,
      detail: code,
      notReached,
    }),
  };
}

const READ_TIMED_OUT = Symbol("read timed out");

/** The answer's JSON body: undefined when empty or not JSON; READ_TIMED_OUT when it stalled. */
async function readJsonBody(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  } catch (error) {
    return isTimeout(error) ? READ_TIMED_OUT : undefined;
  }
}

function timeoutFailure(context: AttemptContext): AttemptFailure {
  return {
    ok: false,
    retryable: context.idempotent,
    error: new MetaApiError({
      kind: "timeout",
      operation: context.operation,
      attempts: context.attempt,
    }),
  };
}

/**
 * An answer that is not a success: Meta's error object when it sent one, else an
 * `invalid_response` (a proxy's page, a CDN's bare 404) described by `offMeta` when given.
 * 5xx and 429 are retryable for a call that is safe to repeat.
 */
export async function answerFailure(
  response: Response,
  context: AttemptContext,
  offMeta?: { detail: string; hint?: string },
): Promise<AttemptFailure> {
  const body = await readJsonBody(response);
  if (body === READ_TIMED_OUT) return timeoutFailure(context);
  const { operation, attempt: attempts } = context;
  const { status } = response;
  const metaError = graphErrorBodySchema.safeParse(body);
  const error = metaError.success
    ? new MetaApiError({
        kind: "meta",
        operation,
        status,
        code: metaError.data.error.code,
        errorSubcode: metaError.data.error.error_subcode,
        type: metaError.data.error.type,
        fbtraceId: metaError.data.error.fbtrace_id,
        metaMessage: metaError.data.error.message,
        userMessage: metaError.data.error.error_user_msg,
        attempts,
      })
    : new MetaApiError({
        kind: "invalid_response",
        operation,
        status,
        attempts,
        detail: offMeta?.detail ?? `HTTP ${status} without Meta's error object`,
        hint: offMeta?.hint,
      });
  return {
    ok: false,
    retryable: context.idempotent && (status >= 500 || status === 429),
    error,
    retryAfter: retryAfterMs(response.headers.get("retry-after")),
  };
}

function invalidAnswer(context: AttemptContext, status: number, detail: string): AttemptFailure {
  return {
    ok: false,
    retryable: false,
    error: new MetaApiError({
      kind: "invalid_response",
      operation: context.operation,
      status,
      attempts: context.attempt,
      detail,
    }),
  };
}

/**
 * One Graph call: timeout per attempt, retries with backoff on 5xx, 429 and network failures
 * (honouring Retry-After), zod-parsed answer. A non-idempotent call (a message send) is retried
 * only when the request never reached Meta: after a timeout, a reset, a 5xx or a 429 Meta may
 * have acted on it, and a retry could send the customer the message twice.
 */
export async function graphRequest<S extends z.ZodType>(
  request: GraphRequest<S>,
  options: GraphOptions = {},
): Promise<z.infer<S>> {
  const config = graphConfig(options);
  return withRetries(
    request.operation,
    config,
    (attempt) =>
      attemptOnce(request, config, {
        operation: request.operation,
        attempt,
        idempotent: isIdempotent(request),
      }),
    request.retry !== false,
  );
}

async function attemptOnce<S extends z.ZodType>(
  request: GraphRequest<S>,
  config: GraphConfig,
  context: AttemptContext,
): Promise<Attempt<z.infer<S>>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await config.fetch(buildUrl(config, request.path, request.query), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    return fetchFailure(error, context);
  }
  if (!response.ok) return answerFailure(response, context);
  const body = await readJsonBody(response);
  if (body === READ_TIMED_OUT) return timeoutFailure(context);
  if (body === undefined) return invalidAnswer(context, response.status, "body is not JSON");
  const parsed = request.schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return invalidAnswer(
    context,
    response.status,
    parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; "),
  );
}
