import "server-only";
import { withErrorHandling } from "@/lib/api/respond";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sandboxDisabledResponse } from "../graph";
import { accountRoutes } from "./account-routes";
import { customerEventRoutes } from "./customer-event-routes";
import { numberRoutes } from "./number-routes";
import { matchRoute } from "./route";
import { sandboxRoutes } from "./sandbox-routes";
import { templateRoutes } from "./template-routes";

/**
 * The sandbox's control API (/sandbox/api/...): what a person does on the simulated phone, as
 * JSON over HTTP. Used by the e2e suite, the Phone simulator page and the Embedded Signup popup.
 * Errors use the hub's error model (`{error:{code,message}}`), not Meta's: this is not Meta.
 * Each endpoint is one entry of the route tables below (method + path → handler).
 */

const routes = [
  ...numberRoutes,
  ...customerEventRoutes,
  ...accountRoutes,
  ...templateRoutes,
  ...sandboxRoutes,
];

const MARKER = "/sandbox/api/";

const handle = withErrorHandling("sandbox control", async (request: Request) => {
  const url = new URL(request.url);
  const index = url.pathname.indexOf(MARKER);
  const segments = (index >= 0 ? url.pathname.slice(index + MARKER.length) : "")
    .split("/")
    .filter(Boolean);
  const method = request.method.toUpperCase();
  const found = matchRoute(routes, method, segments);
  if (found) return found.route.run({ id: found.id, url, request });
  throw new AppError(
    "not_found",
    `No sandbox control endpoint ${method} /sandbox/api/${segments.join("/")}.`,
  );
});

export async function handleControlRequest(request: Request): Promise<Response> {
  if (!getEnv().sandbox) return sandboxDisabledResponse();
  return handle(request);
}
