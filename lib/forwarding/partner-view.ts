import { partnerCallbackData } from "@/lib/chats/send/callback-data";

type Value = Record<string, unknown>;

/**
 * What a partner receives of a status: Meta's object unchanged, except `biz_opaque_callback_data`,
 * which carries the hub's own message reference first (lib/chats/send/callback-data.ts). The
 * partner gets back exactly the value they sent through the Messaging API, or no field at all
 * when they sent none, as if they had called Meta themselves.
 */
export function withPartnerCallbackData(value: unknown): unknown {
  if (!value || typeof value !== "object" || !Array.isArray((value as Value).statuses)) {
    return value;
  }
  const record = value as Value;
  return {
    ...record,
    statuses: (record.statuses as unknown[]).map((status) => {
      if (!status || typeof status !== "object" || !("biz_opaque_callback_data" in status)) {
        return status;
      }
      const { biz_opaque_callback_data: raw, ...rest } = status as Value;
      const theirs = partnerCallbackData(typeof raw === "string" ? raw : null);
      return theirs === undefined ? rest : { ...rest, biz_opaque_callback_data: theirs };
    }),
  };
}
