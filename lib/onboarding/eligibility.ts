import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { blockedCountry } from "./country-rules";

/**
 * The checklist a client passes before any popup opens. Meta does not publish its eligibility
 * rules, so these are Meta's stated preconditions (app version) plus BSP advice (7 days of use, no
 * payment method in the app, not with another provider) and the dated country list.
 */
export const MIN_APP_VERSION = "2.24.17";
export const MIN_DAYS_IN_USE = 7;

// A checkbox arrives as "on" when ticked and is absent otherwise; z.coerce.boolean() would read
// the string "false" as true.
const confirmed = z.preprocess(
  (value) => value === true || value === "on" || value === "true",
  z.boolean(),
);

export const eligibilityAnswersSchema = z.object({
  number: z.string().trim().min(1, "Enter the WhatsApp Business number"),
  appVersionOk: confirmed,
  inUseLongEnough: confirmed,
  noPaymentMethod: confirmed,
  notWithOtherProvider: confirmed,
});
export type EligibilityAnswers = z.infer<typeof eligibilityAnswersSchema>;

export type EligibilityCheckId =
  | "number"
  | "country"
  | "appVersionOk"
  | "inUseLongEnough"
  | "noPaymentMethod"
  | "notWithOtherProvider";

export type EligibilityCheck = { id: EligibilityCheckId; ok: boolean; label: string; fix?: string };

export type EligibilityResult = {
  eligible: boolean;
  checks: EligibilityCheck[];
  /** E.164 digits without `+`, as Meta writes numbers; set when the number parsed. */
  number?: string;
  country?: string;
  callingCode?: string;
};

export function checkEligibility(answers: EligibilityAnswers, now: Date): EligibilityResult {
  const phone = parsePhoneNumberFromString(
    answers.number.startsWith("+") ? answers.number : `+${answers.number.replace(/^00/, "")}`,
  );
  const validNumber = Boolean(phone?.isValid());
  const country = phone?.country;
  const blocked = validNumber ? blockedCountry(country, now) : undefined;

  const checks: EligibilityCheck[] = [
    {
      id: "number",
      ok: validNumber,
      label: "A valid phone number with its country code",
      fix: "Type the number with its country code, for example +55 11 98765 0001.",
    },
    {
      id: "country",
      ok: validNumber && !blocked,
      label: "The number's country can use WhatsApp Coexistence",
      fix: blocked
        ? `Numbers from ${blocked.name} (+${blocked.callingCode}) cannot be connected to the API while keeping the app. Use a number from another country, or move this one to the Cloud API only.`
        : "Check the number first.",
    },
    {
      id: "appVersionOk",
      ok: answers.appVersionOk,
      label: `WhatsApp Business app ${MIN_APP_VERSION} or newer`,
      fix: `Update WhatsApp Business from your app store (Settings > Help > App info shows the version; ${MIN_APP_VERSION} or newer is needed).`,
    },
    {
      id: "inUseLongEnough",
      ok: answers.inUseLongEnough,
      label: `The number has been in active use in the app for at least ${MIN_DAYS_IN_USE} days`,
      fix: `Keep using the app normally and come back when the number has ${MIN_DAYS_IN_USE} days of real conversations: Meta often refuses newer numbers.`,
    },
    {
      id: "noPaymentMethod",
      ok: answers.noPaymentMethod,
      label: "No payment method is attached in the app",
      fix: "Remove the payment method in WhatsApp Business (Settings > Business tools > Payments), then come back.",
    },
    {
      id: "notWithOtherProvider",
      ok: answers.notWithOtherProvider,
      label: "The number is not connected to another provider",
      fix: "Disconnect the number from the other provider first (in the app: Settings > Account > Business Platform > Disconnect).",
    },
  ];

  return {
    eligible: checks.every((check) => check.ok),
    checks: checks.map((check) => (check.ok ? { ...check, fix: undefined } : check)),
    number: validNumber ? phone!.number.replace("+", "") : undefined,
    country: validNumber ? country : undefined,
    callingCode: validNumber ? phone!.countryCallingCode : undefined,
  };
}

/** What the onboarding page's checklist action answers (its useActionState state). */
export type ChecklistState = {
  sessionId?: string;
  eligible?: boolean;
  checks?: EligibilityCheck[];
  error?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};
