import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password";

// scrypt at 32 MiB takes a few hundred milliseconds on a loaded machine.
describe("passwords", { timeout: 30_000 }, () => {
  it("stores an scrypt hash with its cost and a random salt, never the password", async () => {
    const [a, b] = await Promise.all([
      hashPassword("a long enough secret"),
      hashPassword("a long enough secret"),
    ]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("a long enough secret");
    expect(needsRehash(a)).toBe(false);
  });

  it("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("a long enough secret");
    expect(await verifyPassword("a long enough secret", hash)).toBe(true);
    expect(await verifyPassword("a long enough secreT", hash)).toBe(false);
  });

  it("still verifies bcrypt hashes from before, and marks them for a rehash", async () => {
    const old = await bcrypt.hash("an older secret", 4);
    expect(await verifyPassword("an older secret", old)).toBe(true);
    expect(await verifyPassword("another secret", old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash("scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaA")).toBe(true);
    expect(needsRehash("scrypt$32768$8$3$c2FsdHNhbHRzYWx0$aGFzaA")).toBe(true);
  });

  it("refuses an unknown user or one without a password after doing the same hashing work", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", undefined)).toBe(false);
    expect(await verifyPassword("anything", "garbage")).toBe(false);
  });

  it("hashes off the main thread: the event loop keeps turning during four hashes", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => hashPassword("a long enough secret")));
    const elapsed = Date.now() - started;
    clearInterval(timer);
    // With hashing on the event loop there would be no tick at all until the end.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
  });
});
