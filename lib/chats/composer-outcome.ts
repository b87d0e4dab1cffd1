import { AppError } from "@/lib/errors";
import type { SendResult } from "./send/types";

/**
 * What the composer's send answers: the send, or the stored message Meta refused with the reason
 * (from the error's `details.message`, see ./errors.ts `metaFailureError`).
 */
export type ComposerSendOutcome =
  | { sent: SendResult; failed?: undefined }
  | { sent?: undefined; failed: { messageId: string; reason: string } };

export function storedFailureOf(error: unknown): { messageId: string; reason: string } | null {
  if (!(error instanceof AppError)) return null;
  const details = error.details as { message?: { id?: unknown } } | undefined;
  const id = details?.message?.id;
  return typeof id === "string" ? { messageId: id, reason: error.message } : null;
}
