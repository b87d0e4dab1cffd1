import { isUuid } from "@/lib/ids";

/**
 * `biz_opaque_callback_data` on every send: the hub's own message row id, which Meta echoes in
 * the message's status webhooks. That is how a send whose answer never came (a timeout) finds its
 * wamid later (./adopt.ts). A partner's own value (Messaging API) follows after a colon.
 */

export const CALLBACK_PREFIX = "coex:";
/** Meta takes 512 characters; the hub's reference uses 42 of them. */
export const PARTNER_CALLBACK_DATA_MAX = 512 - (CALLBACK_PREFIX.length + 36 + 1);

export function callbackDataFor(messageId: string, partnerData?: string | null): string {
  const own = `${CALLBACK_PREFIX}${messageId}`;
  return partnerData ? `${own}:${partnerData}` : own;
}

/** The hub's message id in a status's callback data, or null (not ours, or not a uuid). */
export function messageIdOfCallbackData(value: string | null | undefined): string | null {
  if (!value?.startsWith(CALLBACK_PREFIX)) return null;
  const id = value.slice(CALLBACK_PREFIX.length, CALLBACK_PREFIX.length + 36).toLowerCase();
  const rest = value.slice(CALLBACK_PREFIX.length + 36);
  return isUuid(id) && (rest === "" || rest.startsWith(":")) ? id : null;
}

/** The partner's own value without the hub's reference (what forwarding should hand on). */
export function partnerCallbackData(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (!messageIdOfCallbackData(value)) return value;
  const rest = value.slice(CALLBACK_PREFIX.length + 36 + 1);
  return rest || undefined;
}
