import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";

/**
 * Meta signs every webhook with `X-Hub-Signature-256: sha256=<hex>`, an HMAC-SHA256 of the raw
 * body bytes with the app secret. Check the bytes as received: re-serialised JSON differs.
 */
export const SIGNATURE_HEADER = "x-hub-signature-256";

export function signBody(rawBody: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/** Constant-time check of a signature header against the raw body. */
export function verifyBodySignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (!header?.startsWith("sha256=")) return false;
  return safeEqual(header.toLowerCase(), signBody(rawBody, secret));
}
