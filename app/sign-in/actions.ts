"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { checkSignInAllowed, tooManyAttemptsMessage } from "@/lib/auth/sign-in-throttle";

export type SignInState = { error?: string; email?: string };

const redirectSchema = z
  .string()
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  .refine((value) => value.startsWith("/") && !value.startsWith("//"))
  .catch("/");

export async function signInAction(
  _previous: SignInState,
  formData: FormData,
): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(formData.get("password") ?? ""),
      redirectTo: redirectSchema.parse(formData.get("callbackUrl") ?? "/"),
    });
    return {};
  } catch (error) {
    if (!(error instanceof AuthError)) throw error; // the redirect after a successful sign-in
    // Locked now (this failure may have been the last one allowed): say for how long.
    const gate = await checkSignInAllowed({ email, ip: clientIp(await headers()) });
    if (!gate.allowed) return { error: tooManyAttemptsMessage(gate.retryAfterMs), email };
    // One message for unknown email and wrong password alike.
    return { error: "Email or password is incorrect.", email };
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
