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
];

const globalForLogger = globalThis as unknown as { __coexLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLogger.__coexLogger ??= pino({
    level: getEnv().logLevel,
    base: { app: "coex-hub" },
    redact: { paths: REDACT, censor: "[redacted]" },
  });
  return globalForLogger.__coexLogger;
}
