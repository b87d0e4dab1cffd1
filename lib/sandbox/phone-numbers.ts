import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  isValidPhoneNumber,
} from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import type { Rng } from "./random";

/**
 * Phone numbers the sandbox makes up (business numbers and their customers). They must be valid
 * mobile numbers for the country in libphonenumber, as the hub's send path and onboarding
 * checklist check them the same way real numbers are checked: a country code followed by random
 * digits is rejected for most countries (Portugal's numbers have 9 digits, not 10). Pure.
 */

/** Every country the sandbox offers: those libphonenumber has an example mobile number for. */
export function sandboxCountries(): CountryCode[] {
  return getCountries().filter((country) => getExampleNumber(country, examples) !== undefined);
}

export function isSandboxCountry(country: string): country is CountryCode {
  return (sandboxCountries() as string[]).includes(country);
}

/**
 * A valid mobile number (digits, country code first) for the country: its example mobile number
 * with trailing digits drawn from `rng`. Fewer digits are varied when a country's numbering plan
 * is strict; the example itself is the last resort (always valid).
 */
export function validMobileNumber(country: CountryCode, rng: Rng): string {
  const callingCode = getCountryCallingCode(country);
  const example = getExampleNumber(country, examples)?.nationalNumber;
  if (!example) throw new Error(`The sandbox has no mobile numbers for ${country}.`);
  for (const varied of [4, 3, 2]) {
    if (varied >= example.length) continue;
    for (let attempt = 0; attempt < 12; attempt++) {
      const tail = Array.from({ length: varied }, () => rng.int(0, 9)).join("");
      const candidate = `${callingCode}${example.slice(0, -varied)}${tail}`;
      if (isValidPhoneNumber(`+${candidate}`)) return candidate;
    }
  }
  return `${callingCode}${example}`;
}
