import "server-only";
import { getDb } from "@/db";
import { type SandboxFaults, sandboxMessages } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "../clock";
import { identityOf, resolveCustomer } from "../customers";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber, markAppActivity } from "../numbers/store";
import { echoChange } from "../payloads";
import { wamid } from "../random";
import { defaultCustomer } from "./default-customer";
import { newSandboxMedia } from "./phone-media";

export type EchoInput = {
  /** The customer: their number (digits), BSUID or @username; else the first contact. */
  to?: string;
  type: "text" | "image" | "edit" | "revoke";
  text?: string;
  caption?: string;
  originalMessageId?: string;
  faults?: SandboxFaults;
};

/** The business types in the app: sent as `smb_message_echoes` (never opens a window). */
export async function simulateEcho(phoneNumberId: string, input: EchoInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const customer = await resolveCustomer(
    number,
    input.to ?? (await defaultCustomer(phoneNumberId)),
  );
  const to = customer.waId;
  const at = await sandboxNow();
  const id = wamid();
  let message: Record<string, unknown> & { id: string; type: string };
  if (input.type === "text") {
    message = { id, type: "text", text: { body: input.text ?? "Thanks for your message!" } };
  } else if (input.type === "image") {
    message = {
      id,
      type: "image",
      image: await newSandboxMedia(phoneNumberId, "image", at, { caption: input.caption }),
    };
  } else {
    if (!input.originalMessageId) {
      throw new AppError("unprocessable", `An ${input.type} needs \`originalMessageId\`.`);
    }
    message =
      input.type === "edit"
        ? {
            id,
            type: "edit",
            edit: {
              original_message_id: input.originalMessageId,
              message: { type: "text", text: { body: input.text ?? "(edited)" } },
            },
          }
        : { id, type: "revoke", revoke: { original_message_id: input.originalMessageId } };
  }
  await getDb().insert(sandboxMessages).values({
    wamid: id,
    phoneNumberId,
    waId: to,
    direction: "echo",
    type: message.type,
    content: message,
    at,
  });
  // Typing in the app is using the primary phone: it resets the 14-day inactivity count.
  await markAppActivity(phoneNumberId, at);
  await emitWebhooks(number, [echoChange(number, identityOf(number, customer), message, at)], {
    faults: input.faults,
    at,
  });
  return { wamid: id, to, user_id: customer.userId, timestamp: Math.floor(at.getTime() / 1000) };
}
