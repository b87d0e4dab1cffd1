import "server-only";
import { type Access, allows, type Caller, getCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { withErrorHandling } from "./respond";

type RouteContext<P> = { params: Promise<P> };

export type SessionContext<P> = { caller: Caller; scope: Caller["scope"]; params: P };

/**
 * Route handlers for signed-in users (`app/api/hub/**`, the console's CSV exports): the session
 * is read fresh, the access checked (partner-only by default: a client user gets 404, as for an
 * id that is not theirs), and every failure leaves in the one error model of the JSON routes.
 */
export function withSession<P = Record<string, never>>(
  name: string,
  options: { access?: Access },
  handler: (request: Request, context: SessionContext<P>) => Promise<Response>,
) {
  return withErrorHandling(name, async (request: Request, context?: RouteContext<P>) => {
    const caller = await getCaller();
    if (!caller) throw new AppError("unauthorized", "Please sign in again.");
    if (!allows(options.access ?? "partner", caller)) throw new AppError("not_found", "Not found.");
    const params = ((await context?.params) ?? {}) as P;
    return handler(request, { caller, scope: caller.scope, params });
  });
}
