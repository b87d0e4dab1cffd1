import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig, isPublicPath } from "@/lib/auth/config";
import { getEnv } from "@/lib/env";
import {
  contentSecurityPolicy,
  createNonce,
  type HeaderContext,
  staticSecurityHeaders,
} from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

function headerContext(): HeaderContext {
  const env = getEnv();
  return {
    production: env.isProduction,
    development: process.env.NODE_ENV === "development",
    sandbox: env.sandbox,
  };
}

function setSecurityHeaders(headers: Headers, csp: string, context: HeaderContext) {
  headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(staticSecurityHeaders(context))) {
    headers.set(name, value);
  }
}

/**
 * The request goes on with a fresh nonce: Next reads it from the request's CSP header and puts it
 * on its own scripts; the root layout reads `x-nonce` for next-themes' inline script.
 */
function continueWithHeaders(request: NextRequest) {
  const context = headerContext();
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, context);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  setSecurityHeaders(response.headers, csp, context);
  return response;
}

// Redirects signed-out visitors only; every page, action and route checks the session itself.
const consoleProxy = auth((request) => {
  if (!request.auth?.user) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", request.nextUrl.href);
    return NextResponse.redirect(signIn);
  }
  return continueWithHeaders(request);
}) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  // Public paths skip the session lookup: Auth.js decodes the cookie on every request it sees.
  if (isPublicPath(request.nextUrl.pathname)) return continueWithHeaders(request);
  const response = await consoleProxy(request, event);
  if (response && !response.headers.has("Content-Security-Policy")) {
    // The sign-in redirect: no document, but the same headers as everything else.
    setSecurityHeaders(
      response.headers,
      contentSecurityPolicy(createNonce(), headerContext()),
      headerContext(),
    );
  }
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but static files and Meta's webhook route (hot, never a document: its headers
      // come from next.config.js).
      source: "/((?!api/webhooks|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)",
      // Prefetches skip the proxy: Auth.js refreshes the session cookie on every request it sees,
      // and a prefetch in flight during sign-out could set the cookie again after it was cleared.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
