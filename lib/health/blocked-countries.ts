/**
 * Countries whose numbers cannot be onboarded to coexistence, as dated data. Meta's own page
 * lists none; BSP pages (360dialog and others) say that since 1 Feb 2026 only Nigeria and South
 * Africa are excluded. Before that date a longer list applied (EU/EEA, UK, Australia, Japan,
 * Philippines, Russia, South Korea, Turkey); its start date is not published, so it is not
 * encoded here. Add an entry (or an `until`) when the sources change; everything else is let
 * through with "Meta decides".
 */
export type BlockedCountry = {
  /** ISO 3166 alpha-2. */
  country: string;
  name: string;
  /** Calling code digits without `+` (calling codes are prefix-free, so a prefix match is safe). */
  callingCode: string;
  /** First day the block applies (UTC, inclusive). */
  since: string;
  /** Last day the block applies (UTC, inclusive), if lifted. */
  until?: string;
  source: string;
};

export const blockedCountries: readonly BlockedCountry[] = [
  {
    country: "NG",
    name: "Nigeria",
    callingCode: "234",
    since: "2026-02-01",
    source: "BSP onboarding pages (360dialog), Feb 2026",
  },
  {
    country: "ZA",
    name: "South Africa",
    callingCode: "27",
    since: "2026-02-01",
    source: "BSP onboarding pages (360dialog), Feb 2026",
  },
];

function dayStart(isoDay: string) {
  return new Date(`${isoDay}T00:00:00.000Z`);
}

/** The block entry matching a number or country at a given time, if any. */
export function findBlockedCountry({
  displayPhoneNumber,
  countryCode,
  at,
  list = blockedCountries,
}: {
  displayPhoneNumber: string;
  countryCode: string | null;
  at: Date;
  list?: readonly BlockedCountry[];
}): BlockedCountry | null {
  const digits = displayPhoneNumber.replace(/\D/g, "");
  const country = countryCode?.toUpperCase() ?? null;
  for (const entry of list) {
    if (at < dayStart(entry.since)) continue;
    if (entry.until && at.getTime() >= dayStart(entry.until).getTime() + 86_400_000) continue;
    if (digits.startsWith(entry.callingCode) || country === entry.country) return entry;
  }
  return null;
}
