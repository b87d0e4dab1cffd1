"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";

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
    // One message for unknown email and wrong password alike.
    if (error instanceof AuthError) return { error: "Email or password is incorrect.", email };
    throw error; // the redirect after a successful sign-in
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
