import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { type SandboxFaults, sandboxContacts, sandboxMessages } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "../clock";
import { identityOf, resolveCustomer } from "../customers";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { inboundChange } from "../payloads";
import { metaId, wamid } from "../random";
import { defaultCustomer } from "./default-customer";
import { newSandboxMedia } from "./phone-media";

export type InboundInput = {
  /** The customer: their number (digits), BSUID or @username; else the first contact. */
  from?: string;
  name?: string;
  type:
    | "text"
    | "image"
    | "document"
    | "sticker"
    | "audio"
    | "location"
    | "reply"
    | "reaction"
    | "button"
    | "referral";
  text?: string;
  caption?: string;
  /** A document's file name. */
  filename?: string;
  replyTo?: string;
  messageId?: string;
  emoji?: string;
  buttonId?: string;
  buttonTitle?: string;
  latitude?: number;
  longitude?: number;
  locationName?: string;
  headline?: string;
  faults?: SandboxFaults;
};

/** The name the business saved for this number in its address book, if any. */
async function contactName(phoneNumberId: string, waId: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxContacts)
    .where(and(eq(sandboxContacts.phoneNumberId, phoneNumberId), eq(sandboxContacts.waId, waId)));
  return row?.fullName ?? row?.firstName ?? undefined;
}

/** A customer writes to the business: recorded (it opens the service window) and sent as `messages`. */
export async function simulateInbound(phoneNumberId: string, input: InboundInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const customer = await resolveCustomer(
    number,
    input.from ?? (await defaultCustomer(phoneNumberId)),
    { name: input.name },
  );
  const from = customer.waId;
  const name =
    input.name ?? customer.profileName ?? (await contactName(phoneNumberId, from)) ?? undefined;
  const at = await sandboxNow();
  const id = wamid();
  const text = input.text ?? "Hello!";
  let message: Record<string, unknown> & { id: string; type: string };
  switch (input.type) {
    case "text":
      message = { id, type: "text", text: { body: text } };
      break;
    case "image":
    case "document":
    case "sticker":
    case "audio":
      message = {
        id,
        type: input.type,
        [input.type]: await newSandboxMedia(phoneNumberId, input.type, at, input),
      };
      break;
    case "location":
      message = {
        id,
        type: "location",
        location: {
          latitude: input.latitude ?? -23.5505,
          longitude: input.longitude ?? -46.6333,
          ...(input.locationName ? { name: input.locationName } : {}),
        },
      };
      break;
    case "reply":
      if (!input.replyTo) throw new AppError("unprocessable", "A reply needs `replyTo` (a wamid).");
      message = {
        id,
        type: "text",
        text: { body: text },
        context: { from: number.displayPhoneNumber, id: input.replyTo },
      };
      break;
    case "reaction":
      if (!input.messageId) throw new AppError("unprocessable", "A reaction needs `messageId`.");
      message = {
        id,
        type: "reaction",
        reaction: { message_id: input.messageId, emoji: input.emoji ?? "👍" },
      };
      break;
    case "button":
      message = {
        id,
        type: "interactive",
        interactive: {
          type: "button_reply",
          button_reply: { id: input.buttonId ?? "yes", title: input.buttonTitle ?? "Yes" },
        },
        ...(input.replyTo
          ? { context: { from: number.displayPhoneNumber, id: input.replyTo } }
          : {}),
      };
      break;
    case "referral":
      message = {
        id,
        type: "text",
        text: { body: input.text ?? "Hi, I saw your ad!" },
        referral: {
          source_url: "https://fb.me/sandbox-ad",
          source_id: metaId(),
          source_type: "ad",
          headline: input.headline ?? "Spring sale",
          body: "20% off everything",
          ctwa_clid: randomBytes(12).toString("hex"),
        },
      };
      break;
  }
  await getDb().insert(sandboxMessages).values({
    wamid: id,
    phoneNumberId,
    waId: from,
    direction: "inbound",
    type: message.type,
    content: message,
    at,
  });
  const who = { ...identityOf(number, customer), ...(name ? { name } : {}) };
  await emitWebhooks(number, [inboundChange(number, who, message, at)], {
    faults: input.faults,
    at,
  });
  return {
    wamid: id,
    from,
    user_id: customer.userId,
    timestamp: Math.floor(at.getTime() / 1000),
  };
}
