import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Redirects signed-out visitors only; every page, action and route checks the session itself.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: [
    {
      source:
        "/((?!api|sandbox|onboard|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)",
      // Prefetches skip the proxy: Auth.js refreshes the session cookie on every request it sees,
      // and a prefetch in flight during sign-out could set the cookie again after it was cleared.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
