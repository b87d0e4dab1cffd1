import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { MembershipRole } from "@/db/schema/partners";
import { type Access, type CallerFor, callerFor, getCaller } from "@/lib/auth/session";
import { type ActionResult, AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

type ActionOptions<S extends z.ZodType, A extends Access> = {
  /** Parses the input; use z.coerce for numbers and booleans that arrive as FormData. */
  schema: S;
  /** Roles allowed to run it; every signed-in partner user when omitted. */
  roles?: readonly MembershipRole[];
  /**
   * `partner` by default: a client user gets not found, as for an id that is not theirs.
   * `portal` opens it to client users, whose `caller.scope` narrows every read and write. The
   * handler of a partner-only action gets a `PartnerCaller` (its scope is a `PartnerScope`).
   */
  access?: A;
  /** A name for the logs. */
  name: string;
};

function fromFormData(input: unknown): unknown {
  if (!(input instanceof FormData)) return input;
  const record: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of input.entries()) {
    if (!key.startsWith("$ACTION")) record[key] = value;
  }
  return record;
}

/**
 * Every server action goes through here: the session is checked in the action itself (the proxy
 * is not protection), the membership and role are read fresh, the input is parsed, and errors
 * become one result shape. Redirects and notFound() pass through. The handler gets the caller
 * with its `scope`, the only tenant it should pass to lib.
 */
export function authedAction<S extends z.ZodType, T, A extends Access = "partner">(
  options: ActionOptions<S, A>,
  handler: (input: z.infer<S>, caller: CallerFor<A>) => Promise<T>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const signedIn = await getCaller();
      if (!signedIn) return { ok: false, code: "unauthorized", message: "Please sign in again." };
      const caller = callerFor(options.access ?? ("partner" as A), signedIn);
      if (!caller) return { ok: false, code: "not_found", message: "Not found." };
      if (options.roles && !options.roles.includes(caller.role)) {
        return {
          ok: false,
          code: "forbidden",
          message: "Your role does not allow this. Ask an owner of your partner account.",
        };
      }
      const parsed = options.schema.safeParse(fromFormData(input));
      if (!parsed.success) {
        return {
          ok: false,
          code: "unprocessable",
          message: "Some fields need attention.",
          fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        };
      }
      return { ok: true, data: await handler(parsed.data, caller) };
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof AppError) {
        return {
          ok: false,
          code: error.code,
          message: error.message,
          fieldErrors: error.fieldErrors,
        };
      }
      getLogger().error({ err: error, action: options.name }, "server action failed");
      return {
        ok: false,
        code: "internal",
        message: "Something went wrong on our side. Try again.",
      };
    }
  };
}
