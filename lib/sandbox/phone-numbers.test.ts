import { isValidPhoneNumber } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { normaliseWaId } from "@/lib/chats/send/schemas";
import { generateContacts } from "./history";
import { sandboxCountries, validMobileNumber } from "./phone-numbers";
import { seededRng } from "./random";

describe("the sandbox's phone numbers", () => {
  it("offers the countries people onboard from, Portugal among them", () => {
    expect(sandboxCountries()).toEqual(expect.arrayContaining(["PT", "BR", "IN", "US", "DE"]));
    expect(sandboxCountries().length).toBeGreaterThan(200);
  });

  it("gives every offered country's customers numbers the hub accepts as recipients", () => {
    const refused: string[] = [];
    for (const country of sandboxCountries()) {
      for (const contact of generateContacts(`seed-${country}`, country, 8)) {
        if (!isValidPhoneNumber(`+${contact.waId}`) || normaliseWaId(contact.waId) !== contact.waId)
          refused.push(`${country} ${contact.waId}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("makes Portuguese mobile numbers of nine digits after +351 (the demo's live channel)", () => {
    const contacts = generateContacts("pastelaria", "PT", 8);
    expect(contacts).toHaveLength(8);
    expect(new Set(contacts.map((c) => c.waId)).size).toBe(8);
    for (const { waId } of contacts) expect(waId).toMatch(/^3519\d{8}$/);
  });

  it("is the same number for the same seed", () => {
    expect(validMobileNumber("PT", seededRng("a"))).toBe(validMobileNumber("PT", seededRng("a")));
  });
});
