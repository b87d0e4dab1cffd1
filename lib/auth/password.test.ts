import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

// bcrypt at cost 12 is slow on purpose; give it room on a loaded CI machine.
describe("passwords", { timeout: 30_000 }, () => {
  it("stores a bcrypt hash, never the password", async () => {
    const hash = await hashPassword("a long enough secret");
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(hash).not.toContain("a long enough secret");
  });

  it("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("a long enough secret");
    expect(await verifyPassword("a long enough secret", hash)).toBe(true);
    expect(await verifyPassword("a long enough secreT", hash)).toBe(false);
  });

  it("refuses an unknown user after doing the same hashing work", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", undefined)).toBe(false);
  });
});
