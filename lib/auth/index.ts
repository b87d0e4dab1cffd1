import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getLogger } from "@/lib/logger";
import { authLogger } from "./auth-logger";
import { authenticate } from "./authenticate";
import { clientIp } from "./client-ip";
import { authConfig } from "./config";
import { MAX_PASSWORD_LENGTH } from "./password";
import { revokeUserSession } from "./sessions";

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

export class TooManyAttempts extends CredentialsSignin {
  code = "too_many_attempts";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await authenticate({ ...parsed.data, ip: clientIp(request.headers) });
        if (!result.ok) {
          throw result.reason === "throttled" ? new TooManyAttempts() : new InvalidCredentials();
        }
        return result.user;
      },
    }),
  ],
  events: {
    async signOut(message) {
      const sessionId = "token" in message ? message.token?.sid : undefined;
      if (sessionId) await revokeUserSession(sessionId);
    },
  },
  logger: authLogger(getLogger),
});
