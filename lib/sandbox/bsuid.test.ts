import { describe, expect, it } from "vitest";
import { isBsuid } from "@/lib/meta/bsuid";
import { countryOfNumber, normaliseUsername, sandboxBsuids, USERNAME } from "./bsuid";

describe("the sandbox's BSUIDs", () => {
  const business = { businessId: "555000111222333", fallbackCountry: "BR" };

  it("are shaped like Meta's, in the customer's country", () => {
    const { userId, parentUserId } = sandboxBsuids(business, "5511912345678");
    expect(userId).toMatch(/^BR\.\d{1,20}$/);
    expect(parentUserId).toMatch(/^BR\.ENT\.\d{1,20}$/);
    expect(isBsuid(userId)).toBe(true);
    expect(isBsuid(parentUserId)).toBe(true);
    expect(sandboxBsuids(business, "4915123456789").userId.startsWith("DE.")).toBe(true);
  });

  it("are stable for a customer and business, and differ across businesses and numbers", () => {
    const once = sandboxBsuids(business, "5511912345678");
    expect(sandboxBsuids(business, "5511912345678")).toEqual(once);
    expect(sandboxBsuids({ ...business, businessId: "9" }, "5511912345678").userId).not.toBe(
      once.userId,
    );
    expect(sandboxBsuids(business, "5511912345679").userId).not.toBe(once.userId);
    expect(once.parentUserId.slice(7)).not.toBe(once.userId.slice(3));
  });

  it("fall back to the business's country for numbers nobody can place", () => {
    expect(countryOfNumber("999123")).toBeUndefined();
    expect(sandboxBsuids(business, "999123").userId.startsWith("BR.")).toBe(true);
  });

  it("take usernames without the @, in lower case", () => {
    expect(normaliseUsername(" @Bob.Builds ")).toBe("bob.builds");
    expect(USERNAME.test("bob.builds")).toBe(true);
    expect(USERNAME.test("b!")).toBe(false);
  });
});
