import { createHash } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * The business-scoped user ids (BSUIDs) the sandbox gives its customers, as Meta shapes them: an
 * ISO country, a period, digits (`BR.1502576394655843`); a parent BSUID adds `ENT`
 * (`US.ENT.11815799212886844830`). Derived from the business portfolio and the customer's number,
 * so the same customer keeps one BSUID per business, every run, and a new number gives a new one
 * (Meta regenerates the BSUID on a number change). Pure.
 */

/** The country a number belongs to (ISO 3166 alpha-2), or undefined when libphonenumber cannot tell. */
export function countryOfNumber(waId: string): string | undefined {
  return parsePhoneNumberFromString(`+${waId}`)?.country;
}

/** Up to 20 decimal digits from a hash: opaque, stable, and shaped like Meta's. */
function digitsOf(seed: string): string {
  return createHash("sha256").update(seed).digest().readBigUInt64BE(0).toString();
}

export type SandboxBsuids = { userId: string; parentUserId: string };

/**
 * The BSUID and parent BSUID of the customer with this number, for this business portfolio.
 * `fallbackCountry` (the business's) names numbers libphonenumber cannot place.
 */
export function sandboxBsuids(
  scope: { businessId: string; fallbackCountry: string },
  waId: string,
): SandboxBsuids {
  const country = countryOfNumber(waId) ?? scope.fallbackCountry;
  return {
    userId: `${country}.${digitsOf(`bsuid:${scope.businessId}:${waId}`)}`,
    parentUserId: `${country}.ENT.${digitsOf(`parent-bsuid:${scope.businessId}:${waId}`)}`,
  };
}

/**
 * A WhatsApp username as the sandbox takes it: letters, digits, periods and underscores, 3 to 35
 * characters, stored lower-case without the `@` people write before it.
 */
export const USERNAME = /^[a-z0-9._]{3,35}$/;

export function normaliseUsername(value: string): string {
  return value.trim().replace(/^@/, "").toLowerCase();
}
