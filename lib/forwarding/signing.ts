import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";

/**
 * How forwarded webhooks are signed, so partners can verify them:
 * - `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with the current partner
 *   secret, exactly as Meta signs its webhooks (existing verification code works unchanged).
 * - `X-Coex-Timestamp: <unix seconds>` and `X-Coex-Signature: t=<ts>,v1=<hex>[,v1=<hex>]`: HMAC of
 *   `<ts>.<raw body>`, once per secret that signs now (two during a rotation's grace period).
 *   Checking the timestamp (say, within 5 minutes) stops replays.
 */
export const REPLAY_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, data: string) =>
  createHmac("sha256", secret).update(data).digest("hex");

export function signatureHeaders(
  body: string,
  secrets: string[],
  now: Date,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const [current] = secrets;
  if (!current) return {};
  return {
    "X-Hub-Signature-256": `sha256=${hmac(current, body)}`,
    "X-Coex-Timestamp": String(timestamp),
    "X-Coex-Signature": [
      `t=${timestamp}`,
      ...secrets.map((secret) => `v1=${hmac(secret, `${timestamp}.${body}`)}`),
    ].join(","),
  };
}

/** The receiver's side (the snippet in docs/forwarding.md does the same): true when one v1 matches in time. */
export function verifyCoexSignature({
  body,
  header,
  secret,
  now = new Date(),
}: {
  body: string;
  header: string | null;
  secret: string;
  now?: Date;
}): boolean {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.split("=", 2) as [string, string]);
  const timestamp = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isFinite(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > REPLAY_TOLERANCE_SECONDS) return false;
  const expected = hmac(secret, `${timestamp}.${body}`);
  return parts.some(([k, v]) => k === "v1" && safeEqual(v ?? "", expected));
}

/**
 * Exponential backoff: 30 s after the first failure, doubling up to 6 hours between attempts.
 * Returns null when the next attempt would fall after the event's deadline (give up).
 */
export function nextAttemptAt({
  attempts,
  createdAt,
  now,
  maxAgeMs,
}: {
  attempts: number;
  createdAt: Date;
  now: Date;
  maxAgeMs: number;
}): Date | null {
  const delayMs = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
  const next = new Date(now.getTime() + delayMs);
  return next.getTime() > createdAt.getTime() + maxAgeMs ? null : next;
}
