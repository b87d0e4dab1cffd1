/**
 * Countries whose numbers cannot be onboarded to Coexistence, as dated data: Meta's own page lists
 * none, BSP pages (360dialog, YCloud, Gupshup) say that since 2026-02-01 only Nigeria and South
 * Africa are refused. Everything else passes with "Meta decides". When the list changes, add a
 * new entry; the one in force on a date wins.
 */
export type CountryRuleSet = {
  effectiveFrom: string; // ISO date
  source: string;
  blocked: { country: string; callingCode: string; name: string }[];
};

export const countryRuleSets: CountryRuleSet[] = [
  {
    effectiveFrom: "2025-01-01",
    source: "BSP documentation (360dialog, YCloud) before 2026-02-01",
    blocked: [
      { country: "NG", callingCode: "234", name: "Nigeria" },
      { country: "ZA", callingCode: "27", name: "South Africa" },
      { country: "AU", callingCode: "61", name: "Australia" },
      { country: "JP", callingCode: "81", name: "Japan" },
      { country: "PH", callingCode: "63", name: "the Philippines" },
      { country: "RU", callingCode: "7", name: "Russia" },
      { country: "KR", callingCode: "82", name: "South Korea" },
      { country: "TR", callingCode: "90", name: "Turkey" },
      { country: "GB", callingCode: "44", name: "the United Kingdom" },
      // EU/EEA members
      ...[
        ["AT", "43", "Austria"],
        ["BE", "32", "Belgium"],
        ["BG", "359", "Bulgaria"],
        ["HR", "385", "Croatia"],
        ["CY", "357", "Cyprus"],
        ["CZ", "420", "Czechia"],
        ["DK", "45", "Denmark"],
        ["EE", "372", "Estonia"],
        ["FI", "358", "Finland"],
        ["FR", "33", "France"],
        ["DE", "49", "Germany"],
        ["GR", "30", "Greece"],
        ["HU", "36", "Hungary"],
        ["IE", "353", "Ireland"],
        ["IT", "39", "Italy"],
        ["LV", "371", "Latvia"],
        ["LT", "370", "Lithuania"],
        ["LU", "352", "Luxembourg"],
        ["MT", "356", "Malta"],
        ["NL", "31", "the Netherlands"],
        ["PL", "48", "Poland"],
        ["PT", "351", "Portugal"],
        ["RO", "40", "Romania"],
        ["SK", "421", "Slovakia"],
        ["SI", "386", "Slovenia"],
        ["ES", "34", "Spain"],
        ["SE", "46", "Sweden"],
        ["IS", "354", "Iceland"],
        ["LI", "423", "Liechtenstein"],
        ["NO", "47", "Norway"],
      ].map(([country, callingCode, name]) => ({
        country: country!,
        callingCode: callingCode!,
        name: name!,
      })),
    ],
  },
  {
    effectiveFrom: "2026-02-01",
    source: "BSP documentation (360dialog, YCloud): only Nigeria and South Africa since 2026-02-01",
    blocked: [
      { country: "NG", callingCode: "234", name: "Nigeria" },
      { country: "ZA", callingCode: "27", name: "South Africa" },
    ],
  },
];

/** The rule set in force on a date. */
export function countryRulesOn(date: Date): CountryRuleSet {
  const day = date.toISOString().slice(0, 10);
  const inForce = countryRuleSets.filter((set) => set.effectiveFrom <= day);
  return inForce.at(-1) ?? countryRuleSets[0]!;
}

export function blockedCountry(country: string | undefined, date: Date) {
  if (!country) return undefined;
  return countryRulesOn(date).blocked.find((entry) => entry.country === country);
}
