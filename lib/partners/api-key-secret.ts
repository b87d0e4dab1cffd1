import { randomToken, sha256Hex } from "@/lib/crypto";

/**
 * API key secrets: a kind marker (`pk_` partner, `ck_` channel) and 32 random bytes. Only the
 * SHA-256 and the first characters (enough to tell keys apart in a list) are stored.
 */
export const API_KEY_PREFIX_LENGTH = 11;
const markers = { partner: "pk_", channel: "ck_" } as const;

export type GeneratedKey = { secret: string; prefix: string; hash: string };

export function generateApiKeySecret(kind: keyof typeof markers): GeneratedKey {
  const secret = `${markers[kind]}${randomToken(32)}`;
  return { secret, prefix: secret.slice(0, API_KEY_PREFIX_LENGTH), hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return sha256Hex(secret);
}

/** A cheap shape check before any database work: junk never reaches a query. */
export function looksLikeApiKey(raw: string | null | undefined, kind: keyof typeof markers) {
  return (
    typeof raw === "string" && raw.startsWith(markers[kind]) && /^[A-Za-z0-9_-]{40,80}$/.test(raw)
  );
}

/** One fixed window per minute: the window a moment falls in and when it ends. */
export function rateLimitWindow(now: Date) {
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return { start, resetAt: new Date(start.getTime() + 60_000) };
}
