import type {
  MessageDirection,
  MessageMedia,
  MessageOrigin,
  MessageStatus,
} from "@/db/schema/chats";
import { mediaTypes } from "@/lib/meta/webhooks";
import { addressOf, type CustomerRef } from "./identity/people";
import { laterStatus, type StatusPoint, statusFromHistory } from "./status";

/** The parts every message shape shares (customer message, echo, history message, follow-up). */
export type AnyMessage = {
  id: string;
  timestamp: number;
  type: string;
  from?: string;
  to?: string;
  [key: string]: unknown;
};

/** A message as the handlers build it, before the channel and contact ids are known. */
export type MessageDraft = {
  wamid: string;
  origin: MessageOrigin;
  direction: MessageDirection;
  /** The customer as this message names them: their number, else their BSUID (see addressOf). */
  customerWaId: string;
  /** Every identifier of the customer this message carries, to find or create their contact. */
  customer: CustomerRef;
  type: string;
  content: Record<string, unknown>;
  text: string | null;
  sentAt: Date;
  /** When the hub got it (the webhook event's received_at); history: sentAt (see messages.arrivedAt). */
  arrivedAt: Date;
  status: MessageStatus | null;
  statusAt: Date | null;
  errors: unknown[] | null;
  replyToWamid: string | null;
  reactionToWamid: string | null;
  targetWamid: string | null;
  referral: Record<string, unknown> | null;
  media: MessageMedia | null;
  templateName: string | null;
};

type Obj = Record<string, unknown>;
/** The value as a plain object, when it is one. */
export const obj = (value: unknown): Obj | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The words a person would search for in a message, whatever its type. */
export function messageText(message: Obj): string | null {
  const type = str(message.type) ?? "";
  const part = obj(message[type]);
  switch (type) {
    case "text":
      return str(obj(message.text)?.body) ?? null;
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker":
      return str(part?.caption) ?? str(part?.filename) ?? null;
    case "location":
      return [str(part?.name), str(part?.address)].filter(Boolean).join(", ") || null;
    case "interactive": {
      const reply = obj(part?.button_reply) ?? obj(part?.list_reply) ?? obj(part?.nfm_reply);
      return str(reply?.title) ?? str(reply?.body) ?? null;
    }
    case "button":
      return str(part?.text) ?? null;
    case "reaction":
      return str(part?.emoji) ?? null;
    case "system":
      return str(part?.body) ?? null;
    case "contacts": {
      const list = Array.isArray(message.contacts) ? message.contacts : [];
      const names = list.map((c) => str(obj(obj(c)?.name)?.formatted_name)).filter(Boolean);
      return names.join(", ") || null;
    }
    case "edit": {
      const inner = obj(obj(message.edit)?.message);
      return inner ? messageText({ ...inner, type: str(inner.type) ?? "text" }) : null;
    }
    case "template":
      return str(obj(message.template)?.name) ?? null;
    default:
      return null;
  }
}

export function messageMedia(message: Obj): MessageMedia | null {
  const type = str(message.type);
  if (!type || !(mediaTypes as readonly string[]).includes(type)) return null;
  const part = obj(message[type]);
  if (!part) return null;
  const media: MessageMedia = {};
  for (const key of ["id", "mime_type", "sha256", "caption", "filename", "url"] as const) {
    const value = str(part[key]);
    if (value !== undefined) media[key] = value;
  }
  return media;
}

/** The wamid an edit or revoke points at (nested, or flat as some echoes carry it). */
export function targetOf(message: Obj): string | null {
  const type = str(message.type);
  if (type !== "edit" && type !== "revoke") return null;
  return str(obj(message[type])?.original_message_id) ?? str(message.original_message_id) ?? null;
}

export function toDraft(
  message: AnyMessage,
  options: {
    origin: MessageOrigin;
    direction: MessageDirection;
    customer: CustomerRef;
    status?: MessageStatus | null;
    /** The webhook event's received_at; the message's own time when not given (history). */
    arrivedAt?: Date;
  },
): MessageDraft {
  const raw = message as Obj;
  const sentAt = new Date(message.timestamp * 1000);
  const status = options.status ?? null;
  return {
    wamid: message.id,
    origin: options.origin,
    direction: options.direction,
    customerWaId: addressOf(options.customer) ?? "",
    customer: options.customer,
    type: message.type,
    content: raw,
    text: messageText(raw),
    sentAt,
    arrivedAt: options.arrivedAt ?? sentAt,
    status,
    statusAt: status ? sentAt : null,
    errors: Array.isArray(raw.errors) ? (raw.errors as unknown[]) : null,
    replyToWamid: str(obj(raw.context)?.id) ?? null,
    reactionToWamid:
      message.type === "reaction" ? (str(obj(raw.reaction)?.message_id) ?? null) : null,
    targetWamid: targetOf(raw),
    referral: obj(raw.referral) ?? null,
    media: messageMedia(raw),
    templateName: message.type === "template" ? (str(obj(raw.template)?.name) ?? null) : null,
  };
}

/**
 * A history message: direction from `from` versus the business number. The thread names the
 * customer (its `id` is their number; a username-only customer's is in `context.user_id`).
 */
export function historyDraft(
  message: AnyMessage & { history_context?: { status: string } },
  businessNumber: string,
  thread: CustomerRef = {},
): MessageDraft {
  const outbound = message.from !== undefined && message.from === businessNumber;
  const [phone, userId] = outbound ? ["to", "to_user_id"] : ["from", "from_user_id"];
  const waId = str(message[phone]) || thread.waId || null;
  const user = str(message[userId]) || thread.userId || null;
  // A thread's messages name its customer: they share one object (one sighting per thread).
  const customer: CustomerRef =
    waId === thread.waId && user === thread.userId ? thread : { ...thread, waId, userId: user };
  return toDraft(message, {
    origin: "history",
    direction: outbound ? "outbound" : "inbound",
    customer,
    status: outbound ? statusFromHistory(message.history_context?.status) : null,
  });
}

const LIVE: readonly MessageOrigin[] = ["customer", "api", "app"];

/**
 * Two sightings of one wamid in one batch, merged as the database upsert would: the live origin
 * wins over history, real media wins over its placeholder, statuses move forward, and the
 * message arrived with its earliest live sighting (its earliest sighting if none is live).
 */
export function mergeDrafts(a: MessageDraft, b: MessageDraft): MessageDraft {
  const takeB =
    (a.origin === "history" && LIVE.includes(b.origin)) ||
    (a.type === "media_placeholder" && b.type !== "media_placeholder");
  const keepA = b.origin === "history" && LIVE.includes(a.origin);
  const base = takeB && !keepA ? b : a;
  const status: StatusPoint = laterStatus(
    { status: a.status, at: a.statusAt },
    { status: b.status, at: b.statusAt },
  );
  const live = [a, b].filter((d) => LIVE.includes(d.origin));
  const arrivals = (live.length > 0 ? live : [a, b]).map((d) => d.arrivedAt.getTime());
  return {
    ...base,
    arrivedAt: new Date(Math.min(...arrivals)),
    status: status.status,
    statusAt: status.at,
  };
}
