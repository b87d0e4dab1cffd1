import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { RateCard } from "./rate-card";
import type { Market } from "./types";

/**
 * The recipient's market, from the calling code of their WhatsApp number (Meta bills by it).
 * The country decides when libphonenumber can tell it (+1 876 is Jamaica, not North America);
 * the calling code decides otherwise (fictitious +1 555 numbers land in North America).
 */
export function marketOf(waId: string, card: RateCard): Market {
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
