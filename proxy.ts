import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Redirects signed-out visitors only; every page, action and route checks the session itself.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: [
    "/((?!api|sandbox|onboard|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)",
  ],
};
