/**
 * Errors that mean "the database cannot be reached right now" (worth retrying), as opposed to
 * errors in what we asked it (a failed migration, a bad query). Walks Drizzle's `cause` chain.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  // postgres.js's own codes for connections that never opened or were lost.
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

// SQLSTATE: connection exceptions (08xxx), the server shutting down or starting (57P01-57P03),
// too many connections (53300).
const TRANSIENT_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

export function isDatabaseUnreachable(error: unknown): boolean {
  for (const code of codesOf(error)) {
    if (NETWORK_CODES.has(code) || TRANSIENT_SQLSTATE.test(code)) return true;
  }
  return false;
}

// deadlock_detected, serialization_failure, lock_not_available (a lock timeout).
const CONFLICT_SQLSTATE = new Set(["40P01", "40001", "55P03"]);

/** A transaction lost to a concurrent one: the same work tried again may well succeed. */
export function isConcurrencyConflict(error: unknown): boolean {
  for (const code of codesOf(error)) if (CONFLICT_SQLSTATE.has(code)) return true;
  return false;
}

/** Every string `code` along the `cause` chain, and inside Node's AggregateErrors. */
function* codesOf(error: unknown, seen = new Set<unknown>()): Generator<string> {
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") yield code;
    // Node reports a refused dual-stack connect as an AggregateError of both attempts.
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const e of inner) yield* codesOf(e, seen);
    current = (current as { cause?: unknown }).cause;
  }
}
