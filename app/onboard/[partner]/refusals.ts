import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { type ActionResult, AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

/**
 * The public onboarding actions are called by anyone with the page open, with whatever arguments
 * they like: every input is parsed here, and every failure becomes a refusal the page can show
 * (never a thrown error, which the browser would see as a 500).
 */
export const sessionIdSchema = z.uuid({ message: "This onboarding session is not valid." });
export const slugSchema = z.string().min(1).max(200);
export const popupMessageSchema = z.string().max(20_000);
export const signupCodeSchema = z.string().min(1).max(2_000);

export async function refuseBadInput<T>(
  name: string,
  work: () => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof z.ZodError) {
      return {
        ok: false,
        code: "bad_request",
        message:
          "This request is not valid. Open your onboarding link again, or ask for a new one.",
        fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>,
      };
    }
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    getLogger().error({ err: error, action: name }, "onboarding action failed");
    return { ok: false, code: "internal", message: "Something went wrong on our side. Try again." };
  }
}
