import "server-only";
import type { z } from "zod";
import { readJson } from "@/lib/api/respond";

/**
 * One control endpoint: a method, a path below /sandbox/api/ and a handler. A path segment
 * written `:id` matches any one segment and reaches the handler as `id`. A route with a `body`
 * schema gets its JSON body zod-parsed (400 when not JSON, 422 when the wrong shape) before the
 * handler runs; with `emptyBodyAllowed`, no body at all reads as `{}` (the schema's defaults).
 */

export type ControlMethod = "GET" | "POST" | "PATCH";

export type RouteContext<Body> = { id: string; body: Body; url: URL; request: Request };

export type ControlRoute = {
  method: ControlMethod;
  segments: string[];
  run: (context: Omit<RouteContext<unknown>, "body">) => Promise<Response>;
};

type RouteSpec = { method: ControlMethod; path: string };

async function readBody(request: Request, schema: z.ZodType, emptyBodyAllowed: boolean) {
  if (emptyBodyAllowed && !(await request.clone().text()).trim()) return schema.parse({});
  return readJson(request, schema);
}

export function route<S extends z.ZodType>(
  spec: RouteSpec & {
    body: S;
    emptyBodyAllowed?: boolean;
    handle: (context: RouteContext<z.infer<S>>) => Promise<Response>;
  },
): ControlRoute;
export function route(
  spec: RouteSpec & { handle: (context: RouteContext<undefined>) => Promise<Response> },
): ControlRoute;
export function route(
  spec: RouteSpec & {
    body?: z.ZodType;
    emptyBodyAllowed?: boolean;
    // biome-ignore lint/suspicious/noExplicitAny: the overloads above type each route's body
    handle: (context: RouteContext<any>) => Promise<Response>;
  },
): ControlRoute {
  return {
    method: spec.method,
    segments: spec.path.split("/"),
    run: async (context) => {
      const body = spec.body
        ? await readBody(context.request, spec.body, spec.emptyBodyAllowed === true)
        : undefined;
      return spec.handle({ ...context, body });
    },
  };
}

/**
 * The first route of this method whose segments match. Only the first three segments route: the
 * API never had deeper paths, and a trailing extra segment was always ignored, so it still is.
 */
export function matchRoute(routes: ControlRoute[], method: string, segments: string[]) {
  const routed = segments.slice(0, 3);
  for (const candidate of routes) {
    if (candidate.method !== method || candidate.segments.length !== routed.length) continue;
    let id = "";
    const matches = candidate.segments.every((segment, i) => {
      if (segment !== ":id") return segment === routed[i];
      id = routed[i]!;
      return true;
    });
    if (matches) return { route: candidate, id };
  }
  return undefined;
}
