/**
 * Forwarding keeps order per conversation (channel + customer), so deliveries for different
 * customers never wait on each other. A change's value is split per customer when it carries
 * several (Meta usually sends one message or status per change; each part keeps Meta's shape,
 * the same value with only that customer's entries). Changes without a customer (account
 * updates, history, contact sync) get the channel's own key.
 */

type Value = Record<string, unknown>;

/**
 * The array of per-customer entries in a value, and the fields that name its customer: the BSUID
 * first (Meta sends it on every payload since 2026, and it is all a username-only customer has),
 * else the number.
 */
const customerLists: { list: string; names: [userId: string, number: string] }[] = [
  { list: "messages", names: ["from_user_id", "from"] },
  { list: "statuses", names: ["recipient_user_id", "recipient_id"] },
  { list: "message_echoes", names: ["to_user_id", "to"] },
];

const nonEmpty = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

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
    if (!entry || typeof entry !== "object") return whole;
    const waId = nonEmpty(entry[found.names[0]]) ?? nonEmpty(entry[found.names[1]]);
    if (!waId) return whole;
    byCustomer.set(waId, [...(byCustomer.get(waId) ?? []), entry]);
  }
  if (byCustomer.size === 0) return whole;
  if (byCustomer.size === 1) {
    const [waId] = byCustomer.keys();
    return [{ orderKey: conversationOrderKey(channelId, waId!), value }];
  }
  return [...byCustomer].map(([waId, own]) => {
    // Each part keeps the contacts that name its customer, by number or by BSUID.
    const named = new Set(
      own.flatMap((e) => found.names.map((n) => nonEmpty(e[n])).filter(Boolean)),
    );
    return {
      orderKey: conversationOrderKey(channelId, waId),
      value: {
        ...record,
        ...(Array.isArray(record.contacts)
          ? {
              contacts: (record.contacts as Value[]).filter(
                (c) => named.has(nonEmpty(c?.wa_id) ?? "") || named.has(nonEmpty(c?.user_id) ?? ""),
              ),
            }
          : {}),
        [found.list]: own,
      },
    };
  });
}
