/**
 * The security headers of every response (proxy.ts for pages and routes, next.config.js for
 * static files and the webhook route, which skip the proxy). Edge-safe: no Node imports.
 */

export type HeaderContext = {
  /** HSTS and upgrade-insecure-requests: only behind HTTPS in production. */
  production: boolean;
  /** `next dev` only: React needs eval for its error overlays. */
  development: boolean;
  /** The sandbox plays Meta on our own origin; without it the pages load Meta's JS SDK. */
  sandbox: boolean;
};

// Meta's JS SDK for Embedded Signup: loaded from connect.facebook.net, talks to and frames
// facebook.com. The popup itself is a window, which CSP does not govern.
const META_SDK = {
  script: ["https://connect.facebook.net"],
  connect: ["https://*.facebook.com", "https://*.facebook.net"],
  frame: ["https://*.facebook.com"],
};

/** A fresh, unguessable nonce for one response (base64 of 16 random bytes). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets them load what they need,
 * e.g. /sandbox/sdk.js); inline styles are allowed (recharts, Radix and sonner set them).
 * Images may come from any https origin: partner logos are arbitrary URLs.
 */
export function contentSecurityPolicy(nonce: string, context: HeaderContext): string {
  const meta = context.sandbox ? { script: [], connect: [], frame: [] } : META_SDK;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...meta.script,
      ...(context.development ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", "https:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...meta.connect],
    ["frame-src", "'self'", ...meta.frame],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (context.production) directives.push(["upgrade-insecure-requests"]);
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** For responses that are never documents (the webhook route): nothing may load or frame them. */
export const LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The headers besides the CSP, the same on every response. */
export function staticSecurityHeaders(context: Pick<HeaderContext, "production">) {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    // Onboarding links carry signatures in their query: other origins never see the URL.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "X-Frame-Options": "DENY",
  };
  if (context.production) {
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  }
  return headers;
}
