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

type Attempt =
  | { ok: true; status: number; body: unknown }
  | { ok: false; error: MetaApiError; retryable: boolean; retryAfter?: number };

/**
 * One Graph call: timeout per attempt, retries with backoff on 5xx, 429 and network failures
 * (honouring Retry-After), zod-parsed answer. A non-idempotent call (a message send) is retried
 * only when the request never reached Meta: after a timeout, a reset, a 5xx or a 429 Meta may
 * have acted on it, and a retry could send the customer the message twice. Logs name the operation and Meta's trace id; the URL
 * is never logged, since `oauth/access_token` carries the code and app secret in its query.
 */
export async function graphRequest<S extends z.ZodType>(
  request: GraphRequest<S>,
  options: GraphOptions = {},
): Promise<z.infer<S>> {
  const config = graphConfig(options);
  const maxAttempts = request.retry === false ? 1 : 1 + Math.max(0, config.retries);
  const log = getLogger();
  let last: Attempt | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    last = await attemptOnce(request, config, attempt);
    if (last.ok) {
      const parsed = request.schema.safeParse(last.body);
      if (parsed.success) return parsed.data;
      throw new MetaApiError({
        kind: "invalid_response",
        operation: request.operation,
        status: last.status,
        attempts: attempt,
        detail: parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; "),
      });
    }
    if (!last.retryable || attempt === maxAttempts) break;
    const delay = backoffDelayMs(attempt, config, last.retryAfter);
    log.warn(
      {
        operation: request.operation,
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
  if (!last || last.ok) throw new Error("unreachable");
  log.warn({ metaError: last.error.toJSON() }, "graph call failed");
  throw last.error;
}

async function attemptOnce<S extends z.ZodType>(
  request: GraphRequest<S>,
  config: GraphConfig,
  attempt: number,
): Promise<Attempt> {
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
    const timedOut =
      error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    // Only the error code of the cause (ECONNREFUSED...): its message may quote the URL.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    const notReached = !timedOut && code !== undefined && NOT_REACHED_CODES.includes(code);
    return {
      ok: false,
      retryable: isIdempotent(request) || notReached,
      error: new MetaApiError({
        kind: timedOut ? "timeout" : "network",
        operation: request.operation,
        attempts: attempt,
        detail: code,
        notReached,
      }),
    };
  }
  let body: unknown;
  let text = "";
  try {
    text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return {
        ok: false,
        retryable: isIdempotent(request),
        error: new MetaApiError({
          kind: "timeout",
          operation: request.operation,
          attempts: attempt,
        }),
      };
    }
    body = undefined;
  }
  const retryable = isIdempotent(request) && (response.status >= 500 || response.status === 429);
  if (response.ok) {
    if (body === undefined) {
      return {
        ok: false,
        retryable: false,
        error: new MetaApiError({
          kind: "invalid_response",
          operation: request.operation,
          status: response.status,
          attempts: attempt,
          detail: "body is not JSON",
        }),
      };
    }
    return { ok: true, status: response.status, body };
  }
  const metaError = graphErrorBodySchema.safeParse(body);
  const error = metaError.success
    ? new MetaApiError({
        kind: "meta",
        operation: request.operation,
        status: response.status,
        code: metaError.data.error.code,
        errorSubcode: metaError.data.error.error_subcode,
        type: metaError.data.error.type,
        fbtraceId: metaError.data.error.fbtrace_id,
        metaMessage: metaError.data.error.message,
        userMessage: metaError.data.error.error_user_msg,
        attempts: attempt,
      })
    : new MetaApiError({
        kind: "invalid_response",
        operation: request.operation,
        status: response.status,
        attempts: attempt,
        detail: `HTTP ${response.status} without Meta's error object`,
      });
  return {
    ok: false,
    retryable,
    error,
    retryAfter: retryAfterMs(response.headers.get("retry-after")),
  };
}
