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
