import { parsePhoneNumberFromString } from "libphonenumber-js";
import { countryOfBsuid } from "@/lib/meta/bsuid";
import type { RateCard } from "./rate-card";
import type { Market } from "./types";

/**
 * The recipient's market, from the calling code of their WhatsApp number (Meta bills by it).
 * The country decides when libphonenumber can tell it (+1 876 is Jamaica, not North America);
 * the calling code decides otherwise (fictitious +1 555 numbers land in North America). A
 * username-only customer has no number: their BSUID's country prefix decides.
 */
export function marketOf(waId: string, card: RateCard): Market {
  const bsuidCountry = countryOfBsuid(waId);
  if (bsuidCountry) {
    // Meta bills by the user's country; a BSUID starts with it (ISO 3166 alpha-2).
    const market = card.markets.find((m) => m.countries.includes(bsuidCountry));
    return {
      id: market?.id ?? null,
      name: market?.name ?? bsuidCountry,
      country: bsuidCountry,
      callingCode: null,
      fromBsuid: true,
    };
  }
  const digits = waId.replace(/\D/g, "");
  const phone = digits ? parsePhoneNumberFromString(`+${digits}`) : undefined;
  const country = phone?.country ?? null;
  const callingCode = phone?.countryCallingCode ?? null;
  if (!callingCode) {
    return { id: null, name: `unknown number ${waId}`, country: null, callingCode: null };
  }
  const byCountry = country
    ? card.markets.find((market) => market.countries.includes(country))
    : undefined;
  const byCallingCode = country
    ? undefined
    : card.markets.find((market) => market.callingCodes.includes(callingCode));
  const market = byCountry ?? byCallingCode;
  if (market) return { id: market.id, name: market.name, country, callingCode };
  return {
    id: null,
    name: country ? `${country} (+${callingCode})` : `+${callingCode}`,
    country,
    callingCode,
  };
}
