import pino from "pino";
import { getEnv } from "@/lib/env";

// Secrets must never reach the logs, even when a whole object is logged by mistake.
const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "businessToken",
  "*.businessToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.apiKey",
  "apiKey",
  "secret",
  "*.secret",
  // A failed query's bound values: message text, phone numbers, tokens.
  "params",
  "*.params",
  "parameters",
  "*.parameters",
];

// A SQLSTATE (e.g. 23505): the server understood the query and refused it; its message and
// detail may quote the values ('invalid input syntax for type uuid: "..."', 'Key (x)=(...)').
const SQLSTATE = /^[0-9A-Z]{5}$/;
const QUERY_CHARS = 300;

type Fields = Record<string, unknown>;

/**
 * Errors from postgres.js, PGlite or Drizzle (directly or as a cause): their query parameters,
 * and for server errors their message and detail, carry message text and phone numbers.
 */
function isDatabaseError(error: Fields): boolean {
  return (
    "params" in error ||
    "parameters" in error ||
    error.name === "PostgresError" ||
    error.name === "DrizzleQueryError" ||
    (typeof error.code === "string" && "severity" in error && "routine" in error)
  );
}

function pickDefined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * The log shape of any error. Database errors keep only what identifies them (code, constraint,
 * table, column, the SQL without its values); others keep message, code and stack. Causes are
 * serialized the same way.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!error || typeof error !== "object") return error;
  const e = error as Fields & Partial<Error>;
  const type =
    (e.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : e.name) ??
    "Error";
  const cause = depth < 5 && e.cause ? serializeError(e.cause, depth + 1) : undefined;
  if (isDatabaseError(e)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    return pickDefined({
      type,
      code,
      // Connection failures (ECONNREFUSED, CONNECT_TIMEOUT) say where, never what.
      message: code && !SQLSTATE.test(code) ? e.message : undefined,
      severity: e.severity,
      constraint: e.constraint_name ?? e.constraint,
      table: e.table_name ?? e.table,
      column: e.column_name ?? e.column,
      routine: e.routine,
      query: typeof e.query === "string" ? e.query.slice(0, QUERY_CHARS) : undefined,
      cause,
    });
  }
  return pickDefined({
    type,
    message: e.message,
    code: typeof e.code === "string" || typeof e.code === "number" ? e.code : undefined,
    stack: e.stack,
    cause,
  });
}

/** One line for stderr: the error and its causes, with the same care as the log serializer. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current = serializeError(error) as Fields | undefined;
  while (current && typeof current === "object") {
    parts.push(
      [current.type, current.code, current.constraint && `(${current.constraint})`, current.message]
        .filter(Boolean)
        .join(" "),
    );
    current = current.cause as Fields | undefined;
  }
  return parts.join(" <- ") || String(error);
}

/** Errors under any of these keys go through serializeError. */
const serializers = { err: serializeError, error: serializeError, cause: serializeError };

const globalForLogger = globalThis as unknown as { __coexLogger?: pino.Logger };

/** A logger with the hub's redaction and serializers, writing to `destination` (stdout). */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: getEnv().logLevel,
    base: { app: "coex-hub" },
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers,
  };
  return destination ? pino(options, destination) : pino(options);
}

export function getLogger(): pino.Logger {
  globalForLogger.__coexLogger ??= createLogger();
  return globalForLogger.__coexLogger;
}

/** Tests capture what is logged: replaces the process's logger (undefined restores it). */
export function setLoggerForTests(logger: pino.Logger | undefined) {
  globalForLogger.__coexLogger = logger;
}
