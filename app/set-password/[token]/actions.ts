"use server";

import { redirect } from "next/navigation";
import { setPasswordWithToken } from "@/lib/auth/password-tokens";
import { AppError } from "@/lib/errors";

export type SetPasswordState = { error?: string; fieldErrors?: Record<string, string[]> };

/** Public: the token in the link is the only key. It is spent when the password is set. */
export async function setPasswordAction(
  token: string,
  _previous: SetPasswordState,
  formData: FormData,
): Promise<SetPasswordState> {
  const password = String(formData.get("password") ?? "");
  const confirm = String(formData.get("confirm") ?? "");
  if (password !== confirm) {
    return { fieldErrors: { confirm: ["The two passwords differ."] } };
  }
  try {
    await setPasswordWithToken({ token: String(token), password });
  } catch (error) {
    if (error instanceof AppError) {
      return {
        error: error.fieldErrors ? undefined : error.message,
        fieldErrors: error.fieldErrors,
      };
    }
    throw error;
  }
  redirect("/sign-in?password=set");
}
