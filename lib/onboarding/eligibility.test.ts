import { describe, expect, it } from "vitest";
import { checkEligibility, type EligibilityAnswers } from "./eligibility";

const allYes: Omit<EligibilityAnswers, "number"> = {
  appVersionOk: true,
  inUseLongEnough: true,
  noPaymentMethod: true,
  notWithOtherProvider: true,
};
const today = new Date("2026-11-25T12:00:00Z");

describe("eligibility checklist", () => {
  it("passes a Brazilian number whose owner confirms every point, and normalises it as Meta writes it", () => {
    const result = checkEligibility({ number: "+55 11 98765-0001", ...allYes }, today);
    expect(result.eligible).toBe(true);
    expect(result.number).toBe("5511987650001");
    expect(result.country).toBe("BR");
    expect(result.checks.every((check) => check.fix === undefined)).toBe(true);
  });

  it("accepts a number typed without + or with 00", () => {
    expect(checkEligibility({ number: "5511987650001", ...allYes }, today).eligible).toBe(true);
    expect(checkEligibility({ number: "005511987650001", ...allYes }, today).eligible).toBe(true);
  });

  it.each([
    ["+234 803 123 4567", "Nigeria"],
    ["+27 82 123 4567", "South Africa"],
  ])("stops %s before the popup because %s is blocked", (number, name) => {
    const result = checkEligibility({ number, ...allYes }, today);
    expect(result.eligible).toBe(false);
    const country = result.checks.find((check) => check.id === "country");
    expect(country?.ok).toBe(false);
    expect(country?.fix).toContain(name);
  });

  it("applies the country list in force on the date: Germany was blocked before 2026-02-01", () => {
    const german = { number: "+49 151 12340004", ...allYes };
    expect(checkEligibility(german, new Date("2026-01-31T12:00:00Z")).eligible).toBe(false);
    expect(checkEligibility(german, new Date("2026-02-01T12:00:00Z")).eligible).toBe(true);
  });

  it("refuses an invalid number and says how to type it", () => {
    const result = checkEligibility({ number: "12345", ...allYes }, today);
    expect(result.eligible).toBe(false);
    expect(result.checks.find((check) => check.id === "number")?.fix).toContain("country code");
    expect(result.number).toBeUndefined();
  });

  it("names what to do for each point the client cannot confirm", () => {
    const result = checkEligibility(
      {
        number: "+55 11 98765-0001",
        appVersionOk: false,
        inUseLongEnough: true,
        noPaymentMethod: false,
        notWithOtherProvider: true,
      },
      today,
    );
    expect(result.eligible).toBe(false);
    const failed = result.checks.filter((check) => !check.ok).map((check) => check.id);
    expect(failed).toEqual(["appVersionOk", "noPaymentMethod"]);
    expect(result.checks.find((check) => check.id === "appVersionOk")?.fix).toContain("2.24.17");
    expect(result.checks.find((check) => check.id === "noPaymentMethod")?.fix).toContain(
      "Payments",
    );
  });
});

describe("eligibility answers from a form", () => {
  it("read a ticked checkbox as yes and an absent or 'false' one as no", async () => {
    const { eligibilityAnswersSchema } = await import("./eligibility");
    const parsed = eligibilityAnswersSchema.parse({
      number: " +55 11 98765-0001 ",
      appVersionOk: "on",
      inUseLongEnough: "false",
      noPaymentMethod: true,
    });
    expect(parsed).toEqual({
      number: "+55 11 98765-0001",
      appVersionOk: true,
      inUseLongEnough: false,
      noPaymentMethod: true,
      notWithOtherProvider: false,
    });
  });
});
