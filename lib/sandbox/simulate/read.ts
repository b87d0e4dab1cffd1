import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { type SandboxFaults, sandboxMessages } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "../clock";
import { ensureCustomers, identityOf, resolveCustomer } from "../customers";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { statusChange } from "../payloads";

/**
 * The customer opens the chat on their phone: `read` statuses for the API messages sent to them
 * (one message by `wamid`, or the latest 20 sent to the customer `waId` names: their number,
 * BSUID or @username). Reading twice is harmless: statuses only move forward in the hub.
 */
export async function simulateRead(
  phoneNumberId: string,
  input: { wamid?: string; waId?: string; faults?: SandboxFaults },
) {
  const number = await getSandboxNumber(phoneNumberId);
  if (!input.wamid && !input.waId) {
    throw new AppError(
      "unprocessable",
      "Give `wamid`, `wa_id` or `user_id`: which message is read.",
    );
  }
  const waId = input.waId ? (await resolveCustomer(number, input.waId)).waId : undefined;
  const sent = await getDb()
    .select({
      wamid: sandboxMessages.wamid,
      waId: sandboxMessages.waId,
      content: sandboxMessages.content,
    })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.phoneNumberId, phoneNumberId),
        eq(sandboxMessages.direction, "api"),
        input.wamid ? eq(sandboxMessages.wamid, input.wamid) : undefined,
        waId ? eq(sandboxMessages.waId, waId) : undefined,
      ),
    )
    .orderBy(desc(sandboxMessages.at))
    .limit(20);
  if (sent.length === 0) {
    throw new AppError("not_found", "No API message of this number matches: nothing to read.");
  }
  const at = await sandboxNow();
  const customers = await ensureCustomers(
    number,
    sent.map((m) => ({ waId: m.waId })),
  );
  await emitWebhooks(
    number,
    sent.map((m) =>
      statusChange(number, {
        wamid: m.wamid,
        status: "read",
        recipient: identityOf(number, customers.get(m.waId)!),
        at,
        callbackData:
          typeof m.content.biz_opaque_callback_data === "string"
            ? m.content.biz_opaque_callback_data
            : null,
      }),
    ),
    { faults: input.faults, at },
  );
  return { read: sent.map((m) => m.wamid), timestamp: Math.floor(at.getTime() / 1000) };
}
