import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "@/lib/crypto";

/**
 * Onboarding links, in the parameters partners already use with 360dialog: `state`, `partner`
 * (their own id for the client, kept as partner_payload), `email`, `name`, `number`,
 * `redirect_url`; and, when the partner requires signed links, `timestamp` + `signature`: the
 * hex HMAC-SHA256 of `{partner_id}|{unix_seconds}` with the partner's secret.
 */
export const SIGNED_LINK_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;

const optionalText = (max: number) => z.string().trim().max(max).optional().catch(undefined);

export const linkParamsSchema = z.object({
  state: optionalText(500),
  partner: optionalText(200),
  email: z.email().max(320).optional().catch(undefined),
  name: optionalText(200),
  number: optionalText(40),
  redirect_url: optionalText(2000),
  timestamp: optionalText(20),
  signature: optionalText(128),
});
export type LinkParams = z.infer<typeof linkParamsSchema>;

export function signLink(partnerId: string, unixSeconds: number, secret: string) {
  return createHmac("sha256", secret).update(`${partnerId}|${unixSeconds}`).digest("hex");
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "invalid" | "expired" };

export function checkLinkSignature(input: {
  partnerId: string;
  secret: string;
  timestamp?: string;
  signature?: string;
  now: Date;
  maxAgeSeconds?: number;
}): SignatureCheck {
  if (!input.timestamp || !input.signature) return { ok: false, reason: "missing" };
  const seconds = Number(input.timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: "invalid" };
  const expected = signLink(input.partnerId, seconds, input.secret);
  if (!safeEqual(input.signature.toLowerCase(), expected)) return { ok: false, reason: "invalid" };
  const age = input.now.getTime() / 1000 - seconds;
  // A little tolerance for clocks running ahead.
  if (age > (input.maxAgeSeconds ?? SIGNED_LINK_MAX_AGE_SECONDS) || age < -300) {
    return { ok: false, reason: "expired" };
  }
  return { ok: true };
}

/** A redirect is allowed when it has the origin of a registered URL and lies under its path. */
export function isAllowedRedirect(candidate: string, allowed: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  return allowed.some((entry) => {
    try {
      const registered = new URL(entry);
      const base = registered.pathname.endsWith("/")
        ? registered.pathname
        : `${registered.pathname}/`;
      return (
        registered.origin === url.origin &&
        (url.pathname === registered.pathname ||
          url.pathname.startsWith(base) ||
          registered.pathname === "/")
      );
    } catch {
      return false;
    }
  });
}

/** Where the client lands after onboarding: `client=<id>&channels=[<id>,...]&state=<state>`. */
export function buildPartnerRedirect(input: {
  redirectUrl: string;
  clientId: string;
  channelIds: string[];
  state?: string | null;
}) {
  const url = new URL(input.redirectUrl);
  url.searchParams.set("client", input.clientId);
  url.searchParams.set("channels", `[${input.channelIds.join(",")}]`);
  if (input.state) url.searchParams.set("state", input.state);
  return url.toString();
}

/** The link a partner copies from the hub. */
export function buildOnboardingLink(input: {
  appUrl: string;
  partnerSlug: string;
  params: Omit<LinkParams, "timestamp" | "signature">;
  signing?: { partnerId: string; secret: string; now: Date };
}) {
  const url = new URL(`/onboard/${encodeURIComponent(input.partnerSlug)}`, input.appUrl);
  for (const [key, value] of Object.entries(input.params)) {
    if (value) url.searchParams.set(key, value);
  }
  if (input.signing) {
    const seconds = Math.floor(input.signing.now.getTime() / 1000);
    url.searchParams.set("timestamp", String(seconds));
    url.searchParams.set(
      "signature",
      signLink(input.signing.partnerId, seconds, input.signing.secret),
    );
  }
  return url.toString();
}
