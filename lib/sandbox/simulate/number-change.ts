import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import {
  type SandboxFaults,
  sandboxContacts,
  sandboxCustomers,
  sandboxMessages,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "../clock";
import {
  bsuidsOf,
  countryOfCustomer,
  freshCustomerNumber,
  identityOf,
  resolveCustomer,
} from "../customers";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { userChangedChange, userIdUpdateChange } from "../payloads";
import { wamid } from "../random";

/**
 * A customer changes their phone number: WhatsApp gives them a new BSUID (and parent BSUID) with
 * it, and tells the business in one of Meta's two shapes: the `system` message (since August
 * 2026; `user_changed_number`, or `user_changed_user_id` when the number is hidden) or the older
 * `user_id_update` field. Every later payload names the customer by the new ids.
 */

export const numberChangeShapes = ["system", "user_id_update"] as const;
export type NumberChangeShape = (typeof numberChangeShapes)[number];

export async function simulateNumberChange(
  phoneNumberId: string,
  input: {
    /** The customer: number, BSUID or @username. */
    customer: string;
    /** Digits; made up in the customer's country when absent. */
    newWaId?: string;
    shape?: NumberChangeShape;
    faults?: SandboxFaults;
  },
) {
  const number = await getSandboxNumber(phoneNumberId);
  const before = await resolveCustomer(number, input.customer);
  const newWaId =
    input.newWaId ?? (await freshCustomerNumber(number, countryOfCustomer(number, before.waId)));
  if (newWaId === before.waId) {
    throw new AppError("unprocessable", "The new number is the customer's number already.");
  }
  const db = getDb();
  const after = await db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ waId: sandboxCustomers.waId })
      .from(sandboxCustomers)
      .where(
        and(eq(sandboxCustomers.phoneNumberId, phoneNumberId), eq(sandboxCustomers.waId, newWaId)),
      );
    if (taken) throw new AppError("conflict", `Another customer has the number ${newWaId}.`);
    const [moved] = await tx
      .update(sandboxCustomers)
      .set({ waId: newWaId, ...bsuidsOf(number, newWaId) })
      .where(
        and(
          eq(sandboxCustomers.phoneNumberId, phoneNumberId),
          eq(sandboxCustomers.waId, before.waId),
        ),
      )
      .returning();
    // The sandbox's record of the chat follows the person, so the service window and the
    // `read` control keep working across the change, as they do on WhatsApp.
    await tx
      .update(sandboxMessages)
      .set({ waId: newWaId })
      .where(
        and(
          eq(sandboxMessages.phoneNumberId, phoneNumberId),
          eq(sandboxMessages.waId, before.waId),
        ),
      );
    // The phone offers the business to update the saved contact; the sandbox does it, so the
    // address book (and a later contacts sync) does not bring the old number back as someone else.
    const [savedNew] = await tx
      .select({ waId: sandboxContacts.waId })
      .from(sandboxContacts)
      .where(
        and(eq(sandboxContacts.phoneNumberId, phoneNumberId), eq(sandboxContacts.waId, newWaId)),
      );
    if (!savedNew) {
      await tx
        .update(sandboxContacts)
        .set({ waId: newWaId })
        .where(
          and(
            eq(sandboxContacts.phoneNumberId, phoneNumberId),
            eq(sandboxContacts.waId, before.waId),
          ),
        );
    }
    return moved!;
  });

  const at = await sandboxNow();
  const previous = identityOf(number, before);
  const current = identityOf(number, after);
  const shape = input.shape ?? "system";
  const change =
    shape === "system"
      ? userChangedChange(number, { wamid: wamid(), previous, current, at })
      : userIdUpdateChange(number, { previous, current, at });
  await emitWebhooks(number, [change], { faults: input.faults, at });
  const ids = (row: typeof before) => ({
    wa_id: row.waId,
    user_id: row.userId,
    parent_user_id: row.parentUserId,
  });
  return { shape, previous: ids(before), current: ids(after), sent: change };
}
