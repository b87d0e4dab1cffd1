/**
 * Forwarding keeps order per conversation (channel + customer), so deliveries for different
 * customers never wait on each other. A change's value is split per customer when it carries
 * several (Meta usually sends one message or status per change; each part keeps Meta's shape,
 * the same value with only that customer's entries). Changes without a customer (account
 * updates, history, contact sync) get the channel's own key.
 */

type Value = Record<string, unknown>;

/** The array of per-customer entries in a value, and how each names its customer. */
const customerLists: { list: string; customer: (entry: Value) => unknown }[] = [
  { list: "messages", customer: (m) => m.from },
  { list: "statuses", customer: (s) => s.recipient_id },
  { list: "message_echoes", customer: (e) => e.to },
];

export type ConversationPart = { orderKey: string; value: unknown };

export const channelOrderKey = (channelId: string) => channelId;
export const conversationOrderKey = (channelId: string, waId: string) => `${channelId}:${waId}`;

export function splitByConversation(channelId: string, value: unknown): ConversationPart[] {
  const whole = [{ orderKey: channelOrderKey(channelId), value }];
  if (!value || typeof value !== "object") return whole;
  const record = value as Value;
  const found = customerLists.find(({ list }) => Array.isArray(record[list]));
  if (!found) return whole;
  const entries = record[found.list] as Value[];
  const byCustomer = new Map<string, Value[]>();
  for (const entry of entries) {
    const waId = entry && typeof entry === "object" ? found.customer(entry) : undefined;
    if (typeof waId !== "string" || waId === "") return whole;
    byCustomer.set(waId, [...(byCustomer.get(waId) ?? []), entry]);
  }
  if (byCustomer.size === 0) return whole;
  if (byCustomer.size === 1) {
    const [waId] = byCustomer.keys();
    return [{ orderKey: conversationOrderKey(channelId, waId!), value }];
  }
  return [...byCustomer].map(([waId, own]) => ({
    orderKey: conversationOrderKey(channelId, waId),
    value: {
      ...record,
      ...(Array.isArray(record.contacts)
        ? { contacts: (record.contacts as Value[]).filter((c) => c?.wa_id === waId) }
        : {}),
      [found.list]: own,
    },
  }));
}
