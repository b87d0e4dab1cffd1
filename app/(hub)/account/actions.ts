"use server";

import { z } from "zod";
import { authedAction } from "@/lib/action";
import { changePassword } from "@/lib/auth/change-password";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { currentSessionId } from "@/lib/auth/session";

export const changePasswordAction = authedAction(
  {
    name: "account.change_password",
    // Every signed-in user changes their own password, client users included.
    access: "portal",
    schema: z
      .object({
        currentPassword: z.string().min(1, "Enter your current password").max(MAX_PASSWORD_LENGTH),
        newPassword: z.string().max(MAX_PASSWORD_LENGTH),
        confirm: z.string(),
      })
      .refine((input) => input.newPassword === input.confirm, {
        path: ["confirm"],
        message: "The two passwords differ.",
      }),
  },
  async (input, caller) => {
    await changePassword({
      userId: caller.userId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      keepSessionId: await currentSessionId(),
    });
    return { changed: true };
  },
);
