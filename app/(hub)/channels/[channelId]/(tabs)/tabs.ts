import { firstParam, type SearchParams } from "@/lib/partners/console-list";

/** The channel page's sections, each a route segment under /channels/{id} (the overview is the page itself). */
export const channelTabs = [
  { segment: "", label: "Overview", partnerOnly: false },
  { segment: "chats", label: "Chats", partnerOnly: false },
  { segment: "costs", label: "Costs", partnerOnly: false },
  { segment: "health", label: "Health", partnerOnly: false },
  { segment: "templates", label: "Templates", partnerOnly: false },
  { segment: "webhooks", label: "Webhooks", partnerOnly: true },
  { segment: "api-keys", label: "API keys", partnerOnly: true },
  { segment: "events", label: "Events", partnerOnly: true },
] as const;

// A client user sees its number, chats, costs, health and templates; the partner's plumbing
// (forwarding, keys, raw events) stays with the partner ((partner)/layout.tsx answers 404).
export const visibleTabs = (isClientUser: boolean) =>
  channelTabs.filter((tab) => !(isClientUser && tab.partnerOnly));

export const tabHref = (channelId: string, segment: string) =>
  segment ? `/channels/${channelId}/${segment}` : `/channels/${channelId}`;

/**
 * The tabs were `?tab=x` before they were segments: an old `/channels/{id}?tab=x` link goes to
 * `/channels/{id}/x` with its other parameters. No tab, an unknown one, or one the caller may not
 * see (a client user's partner-only tab, whose address answers it 404) gives null: the link stays
 * on the overview, as it did.
 */
export function oldTabLinkTarget(
  channelId: string,
  search: SearchParams,
  isClientUser: boolean,
): string | null {
  const requested = firstParam(search, "tab");
  const tab = visibleTabs(isClientUser).find((t) => t.segment && t.segment === requested);
  if (!tab) return null;
  const rest = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (name !== "tab") for (const v of [value ?? []].flat()) rest.append(name, v);
  }
  const query = rest.toString();
  return `${tabHref(channelId, tab.segment)}${query ? `?${query}` : ""}`;
}
