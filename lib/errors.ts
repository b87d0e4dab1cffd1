/**
 * One error model for actions and routes: a code, a message a person can act on, and
 * optionally field errors. Codes map to HTTP statuses in one table.
 */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: Record<string, string[]>;
  /** Structured detail for API callers when there are no field errors (e.g. Meta's error). */
  readonly details?: unknown;
  /** Response headers the error needs (e.g. `Retry-After`). */
  readonly headers?: Record<string, string>;
  constructor(
    code: ErrorCode,
    message: string,
    fieldErrors?: Record<string, string[]>,
    extra?: { details?: unknown; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.details = extra?.details;
    this.headers = extra?.headers;
  }
}

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string[]> };

/**
 * A server action as components receive it (a prop from the page beside it): the input is
 * parsed on the server, so the component may pass anything, FormData included.
 */
export type Action<T = unknown> = (input: unknown) => Promise<ActionResult<T>>;
