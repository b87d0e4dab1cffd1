import { z } from "zod";

/**
 * The Embedded Signup popup's `message` events (`event.data` is a JSON string). Shared by the
 * client onboarding page, which listens, and the sandbox popup, which posts them.
 */
export const COEXISTENCE_FEATURE_TYPE = "whatsapp_business_app_onboarding";

export const cancelSteps = [
  "BUSINESS_ACCOUNT_SELECTION",
  "WABA_PHONE_PROFILE_PICKER",
  "WHATSAPP_BUSINESS_PROFILE_SETUP",
  "PHONE_NUMBER_SETUP",
  "PHONE_NUMBER_VERIFICATION",
  "PERMISSIONS",
] as const;

const finishData = z.looseObject({
  waba_id: z.string(),
  phone_number_id: z.string().optional(),
  business_id: z.string().optional(),
});

export const embeddedSignupMessageSchema = z.discriminatedUnion("event", [
  z.looseObject({
    type: z.literal("WA_EMBEDDED_SIGNUP"),
    event: z.enum(["FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING", "FINISH", "FINISH_ONLY_WABA"]),
    data: finishData,
    version: z.union([z.number(), z.string()]).optional(),
  }),
  z.looseObject({
    type: z.literal("WA_EMBEDDED_SIGNUP"),
    // Some SDK versions send ERROR; an error also arrives as CANCEL with error_id.
    event: z.enum(["CANCEL", "ERROR"]),
    data: z.looseObject({
      // Steps other than cancelSteps may appear: keep the raw value.
      current_step: z.string().optional(),
      error_message: z.string().optional(),
      error_id: z.string().optional(),
      session_id: z.string().optional(),
      timestamp: z.string().optional(),
    }),
    version: z.union([z.number(), z.string()]).optional(),
  }),
]);
export type EmbeddedSignupMessage = z.infer<typeof embeddedSignupMessageSchema>;

export type EmbeddedSignupOutcome =
  | { kind: "finish"; event: string; wabaId: string; phoneNumberId?: string; businessId?: string }
  | { kind: "cancel"; currentStep: string }
  | { kind: "error"; message: string; errorId?: string; sessionId?: string };

/** Reads a popup message (a JSON string) into what happened; null when it is not ours. */
export function readEmbeddedSignupMessage(data: unknown): EmbeddedSignupOutcome | null {
  let value: unknown = data;
  if (typeof data === "string") {
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  const parsed = embeddedSignupMessageSchema.safeParse(value);
  if (!parsed.success) return null;
  const message = parsed.data;
  if (message.event === "CANCEL" || message.event === "ERROR") {
    if (message.data.error_id || message.event === "ERROR") {
      return {
        kind: "error",
        message: message.data.error_message ?? "Embedded Signup reported an error",
        errorId: message.data.error_id,
        sessionId: message.data.session_id,
      };
    }
    return { kind: "cancel", currentStep: message.data.current_step ?? "UNKNOWN" };
  }
  // Loose objects defeat the union's narrowing of `data`; the event already told us its shape.
  const ids = message.data as z.infer<typeof finishData>;
  return {
    kind: "finish",
    event: message.event,
    wabaId: ids.waba_id,
    phoneNumberId: ids.phone_number_id,
    businessId: ids.business_id,
  };
}

/** Production: Meta's origins. The sandbox popup posts from the hub's own origin. */
export function isTrustedSignupOrigin(origin: string, hubOrigin: string, sandbox: boolean) {
  if (sandbox && origin === hubOrigin) return true;
  try {
    const host = new URL(origin).hostname;
    return host === "facebook.com" || host.endsWith(".facebook.com");
  } catch {
    return false;
  }
}
