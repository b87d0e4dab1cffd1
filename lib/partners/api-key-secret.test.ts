import { describe, expect, it } from "vitest";
import {
  API_KEY_PREFIX_LENGTH,
  generateApiKeySecret,
  hashApiKey,
  looksLikeApiKey,
  rateLimitWindow,
} from "./api-key-secret";

describe("API key secrets", () => {
  it("a partner key starts with pk_ and a channel key with ck_", () => {
    expect(generateApiKeySecret("partner").secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKeySecret("channel").secret).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
  });

  it("stores the SHA-256 of the secret and a short prefix, never the secret", () => {
    const key = generateApiKeySecret("channel");
    expect(key.hash).toBe(hashApiKey(key.secret));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.prefix).toBe(key.secret.slice(0, API_KEY_PREFIX_LENGTH));
    expect(key.hash).not.toContain(key.secret);
  });

  it("two keys are never the same", () => {
    expect(generateApiKeySecret("partner").secret).not.toBe(generateApiKeySecret("partner").secret);
  });

  it("a key of the other kind, junk or nothing does not look like a key", () => {
    const channelKey = generateApiKeySecret("channel").secret;
    expect(looksLikeApiKey(channelKey, "channel")).toBe(true);
    expect(looksLikeApiKey(channelKey, "partner")).toBe(false);
    expect(looksLikeApiKey("ck_short", "channel")).toBe(false);
    expect(looksLikeApiKey(`ck_${"a".repeat(40)}'; drop table`, "channel")).toBe(false);
    expect(looksLikeApiKey(null, "channel")).toBe(false);
  });

  it("the rate limit window is the wall-clock minute and resets at its end", () => {
    const window = rateLimitWindow(new Date("2026-11-25T10:15:42.123Z"));
    expect(window.start.toISOString()).toBe("2026-11-25T10:15:00.000Z");
    expect(window.resetAt.toISOString()).toBe("2026-11-25T10:16:00.000Z");
  });
});
