/**
 * Business-scoped user ids (BSUIDs): Meta's per-portfolio id of a WhatsApp user, shaped as a
 * two-letter ISO country code, a period, and up to 128 letters and digits (`BR.1502576394655843`);
 * a parent BSUID adds `ENT` (`US.ENT.11815799212886844830`). A phone number is digits only, so
 * the two never look alike.
 */
const BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;

export const isBsuid = (value: string): boolean => BSUID.test(value);

/** The country a BSUID says its user is in (ISO 3166 alpha-2), or null for anything else. */
export function countryOfBsuid(value: string): string | null {
  return isBsuid(value) ? value.slice(0, 2) : null;
}

/** A send body's addressee: `to` for a number, `recipient` for a BSUID (a username-only customer). */
export function addresseeOf(address: string): { to: string } | { recipient: string } {
  return isBsuid(address) ? { recipient: address } : { to: address };
}
