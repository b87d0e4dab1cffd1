import type { NextAuthConfig } from "next-auth";
import type { MembershipRole } from "@/db/schema/partners";
import { getEnv } from "@/lib/env";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      partnerId: string;
      role: MembershipRole;
      /** The user_sessions row this cookie belongs to (revoked at sign-out). */
      sessionId: string;
      email: string;
      name?: string | null;
    };
  }
  interface User {
    partnerId?: string;
    role?: MembershipRole;
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    partnerId?: string;
    role?: MembershipRole;
    sid?: string;
  }
}

/** Paths anyone may open; everything else in the hub needs a session. */
const PUBLIC_PREFIXES = [
  "/sign-in",
  "/set-password",
  "/onboard",
  "/sandbox",
  "/api",
  // The app icons and manifest: a browser asks for them before anyone signs in.
  "/apple-icon",
  "/manifest.webmanifest",
];

export function isPublicPath(pathname: string) {
  return PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * The edge-safe half of the Auth.js config: no database, no bcrypt. The proxy uses it to send
 * signed-out visitors to the sign-in page; pages and actions still check the session themselves.
 */
export const authConfig = {
  secret: getEnv().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/sign-in" },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      if (isPublicPath(request.nextUrl.pathname)) return true;
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.partnerId = user.partnerId;
        token.role = user.role;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.partnerId && token.role && token.sid) {
        session.user.id = token.uid;
        session.user.partnerId = token.partnerId;
        session.user.role = token.role;
        session.user.sessionId = token.sid;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
