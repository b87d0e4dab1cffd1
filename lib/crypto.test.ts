import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, decryptSecret, encryptSecret, safeEqual, sha256Hex } from "./crypto";

const key = randomBytes(32);

describe("secrets at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encryptSecret("EAAG-business-token", key);
    expect(stored).not.toContain("EAAG");
    expect(decryptSecret(stored, key)).toBe("EAAG-business-token");
  });

  it("encrypts the same value differently each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a wrong key or a tampered value", () => {
    const stored = encryptSecret("token", key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrowError(DecryptionError);
    const parts = stored.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrowError(DecryptionError);
    expect(() => decryptSecret("not-a-secret", key)).toThrowError(DecryptionError);
  });
});

describe("comparisons", () => {
  it("compares equal and unequal strings, including different lengths", () => {
    expect(safeEqual(sha256Hex("a"), sha256Hex("a"))).toBe(true);
    expect(safeEqual(sha256Hex("a"), sha256Hex("b"))).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
