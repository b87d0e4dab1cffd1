import { countryRulesOn } from "@/lib/onboarding/country-rules";

/**
 * The blocked-country entry that applies to a number at a given time, if any. The dated list
 * itself lives with onboarding (`lib/onboarding/country-rules.ts`: +234 and +27 since
 * 2026-02-01), so the checklist and the health warning never disagree.
 */
export type BlockedCountryMatch = {
  country: string;
  name: string;
  callingCode: string;
  /** The day the rule set in force began (UTC, ISO date). */
  since: string;
  source: string;
};

export function findBlockedCountry({
  displayPhoneNumber,
  countryCode,
  at,
}: {
  displayPhoneNumber: string;
  countryCode: string | null;
  at: Date;
}): BlockedCountryMatch | null {
  const rules = countryRulesOn(at);
  // The rule set dated in the future (or none yet) blocks nothing today.
  if (rules.effectiveFrom > at.toISOString().slice(0, 10)) return null;
  const digits = displayPhoneNumber.replace(/\D/g, "");
  const country = countryCode?.toUpperCase() ?? null;
  // Calling codes are prefix-free, so a prefix match on E.164 digits is exact.
  const entry = rules.blocked.find(
    (e) => (country !== null && e.country === country) || digits.startsWith(e.callingCode),
  );
  return entry ? { ...entry, since: rules.effectiveFrom, source: rules.source } : null;
}
