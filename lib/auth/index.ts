import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserForSignIn } from "@/lib/partners/users";
import { authConfig } from "./config";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const user = await findUserForSignIn(parsed.data.email);
        // verifyPassword hashes against a dummy when the user is unknown: same cost either way.
        const ok = await verifyPassword(parsed.data.password, user?.passwordHash);
        if (!user || !ok) throw new InvalidCredentials();
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          partnerId: user.partnerId,
          role: user.role,
        };
      },
    }),
  ],
});
