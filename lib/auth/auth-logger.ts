import { CredentialsSignin } from "@auth/core/errors";
import type { Logger } from "pino";

/**
 * Auth.js's logger, sent to ours. A refused sign-in (wrong password, unknown email, throttled)
 * is an everyday event: one info line with its code, no error and no stack trace.
 */
export function authLogger(log: () => Pick<Logger, "info" | "warn" | "error">) {
  return {
    error(error: Error) {
      if (error instanceof CredentialsSignin) {
        log().info({ code: error.code }, "sign-in refused");
        return;
      }
      log().error({ err: error }, "auth error");
    },
    warn(code: string) {
      log().warn({ code }, "auth warning");
    },
  };
}
