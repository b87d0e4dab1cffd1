import "server-only";
import { z } from "zod";
import { keyScope, type PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import {
  type AuthenticatedKey,
  authenticateChannelKey,
  authenticatePartnerKey,
  consumeRateLimit,
  type RateLimitState,
} from "@/lib/partners/api-keys";
import { errorResponse, withErrorHandling } from "./respond";

type RouteContext<P> = { params: Promise<P> };

function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(Math.ceil(state.resetAt.getTime() / 1000)),
  };
}

function withHeaders(response: Response, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Shared by both key wrappers: authenticate, count the request, run the handler in the one error
 * model, and put the rate limit headers on every answer (errors included).
 */
async function runWithKey<K extends AuthenticatedKey>(
  key: K | null,
  missingMessage: string,
  run: (key: K) => Promise<Response>,
): Promise<Response> {
  if (!key) return errorResponse(new AppError("unauthorized", missingMessage));
  const state = await consumeRateLimit({ apiKeyId: key.id, limit: key.rateLimitPerMinute });
  const headers = rateLimitHeaders(state);
  if (!state.allowed) {
    const retryAfter = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
    return errorResponse(
      new AppError("rate_limited", `Rate limit of ${state.limit} requests per minute reached.`),
      { ...headers, "Retry-After": String(retryAfter) },
    );
  }
  return withHeaders(await run(key), headers);
}

/** `scope`: the key acts for its whole partner (lib takes it like a session's). */
export type PartnerKeyContext<P> = {
  key: AuthenticatedKey;
  partnerId: string;
  scope: PartnerScope;
  params: P;
};

/**
 * Partner API routes (`/api/v2/partners/{partner_id}/...`, header `X-API-Key`). A key works only
 * for its own partner: any other partner id answers 404, as if it did not exist.
 */
export function withPartnerApiKey<P extends { partner_id: string }>(
  name: string,
  handler: (request: Request, context: PartnerKeyContext<P>) => Promise<Response>,
) {
  const inner = withErrorHandling(name, handler);
  return withErrorHandling(name, async (request: Request, context: RouteContext<P>) => {
    const key = await authenticatePartnerKey(request.headers.get("x-api-key"));
    return runWithKey(
      key,
      "A valid partner key is required in the X-API-Key header.",
      async (k) => {
        const params = await context.params;
        if (params.partner_id !== k.partnerId) {
          return errorResponse(new AppError("not_found", "Partner not found."));
        }
        return inner(request, {
          key: k,
          partnerId: k.partnerId,
          scope: keyScope(k.partnerId),
          params,
        });
      },
    );
  });
}

export type ChannelKeyContext<P> = {
  key: AuthenticatedKey & { channelId: string };
  partnerId: string;
  scope: PartnerScope;
  channelId: string;
  params: P;
};

/** Messaging API routes, 360dialog style: header `D360-API-KEY`, the key names the channel. */
export function withChannelApiKey<P extends Record<string, string> = Record<string, never>>(
  name: string,
  handler: (request: Request, context: ChannelKeyContext<P>) => Promise<Response>,
) {
  const inner = withErrorHandling(name, handler);
  return withErrorHandling(name, async (request: Request, context: RouteContext<P>) => {
    const key = await authenticateChannelKey(request.headers.get("d360-api-key"));
    return runWithKey(
      key,
      "A valid channel key is required in the D360-API-KEY header.",
      async (k) =>
        inner(request, {
          key: k,
          partnerId: k.partnerId,
          scope: keyScope(k.partnerId),
          channelId: k.channelId,
          params: (await context?.params) ?? ({} as P),
        }),
    );
  });
}

const uuid = z.uuid();

/** A path id that is not even a uuid names nothing: 404, like an id that does not exist. */
export function pathId(value: string | undefined, what: string): string {
  if (!value || !uuid.safeParse(value).success)
    throw new AppError("not_found", `${what} not found.`);
  return value;
}
