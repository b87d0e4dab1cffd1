import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Where forwarding may send (SSRF rule): partners choose the URLs, so without a rule the hub
 * would POST into its own network for them (cloud metadata at 169.254.169.254, the database,
 * admin ports). When private targets are not allowed (production's default), a URL must be
 * `https` and its host must resolve only to public unicast addresses. The check runs when a URL
 * is saved and again at connect time (lib/forwarding/http.ts), since a DNS answer can change in
 * between.
 */

/** Resolves a host name to every address it has (dns.lookup's `all` form). Injectable in tests. */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: HostLookup = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export type TargetPolicy = { allowPrivate: boolean; lookup?: HostLookup };

/**
 * True only for public unicast addresses. ipaddr.js names every special range (loopback,
 * private, linkLocal, uniqueLocal, carrierGradeNat, multicast, unspecified, ipv4Mapped, 6to4,
 * reserved, ...): anything but `unicast` is refused, so a range we did not think of is refused too.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.parse(address).range() === "unicast";
}

/** The URL's host as an IP address when it is one (the URL parser already normalised 127.1, 0x7f000001, 2130706433). */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

export const REFUSED_TARGET_MESSAGE =
  "Forwarding URLs must be https and reach a public internet address (not a private, loopback or link-local one).";

/**
 * Checks a URL against the policy: null when allowed, else the reason (one message for every
 * refused address, so the answer does not tell which internal range a host is in).
 */
export async function refuseTarget(url: string, policy: TargetPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "Not a valid URL.";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "An http(s) URL.";
  if (policy.allowPrivate) return null;
  if (parsed.protocol !== "https:") return REFUSED_TARGET_MESSAGE;
  if (parsed.username || parsed.password) return "Credentials in the URL are not allowed.";
  const literal = ipLiteralOf(parsed.hostname);
  if (literal) return isPublicAddress(literal) ? null : REFUSED_TARGET_MESSAGE;
  let addresses: { address: string }[];
  try {
    addresses = await (policy.lookup ?? systemLookup)(parsed.hostname);
  } catch {
    return `The host ${parsed.hostname} could not be resolved.`;
  }
  if (addresses.length === 0) return `The host ${parsed.hostname} could not be resolved.`;
  // Every answer must be public: a resolver may hand out any of them.
  return addresses.every((a) => isPublicAddress(a.address)) ? null : REFUSED_TARGET_MESSAGE;
}
