import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { type SandboxFaults, sandboxContacts } from "@/db/schema";
import { sandboxNow } from "../clock";
import { ensureCustomer, identityOf } from "../customers";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { stateSyncChange } from "../payloads";

export type ContactInput = {
  action: "add" | "edit" | "remove";
  phoneNumber: string;
  firstName?: string;
  fullName?: string;
  faults?: SandboxFaults;
};

/** The address book changes: sent as `smb_app_state_sync` (`add` also means edit). */
export async function simulateContactChange(phoneNumberId: string, input: ContactInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  const db = getDb();
  if (input.action === "remove") {
    await db
      .delete(sandboxContacts)
      .where(
        and(
          eq(sandboxContacts.phoneNumberId, phoneNumberId),
          eq(sandboxContacts.waId, input.phoneNumber),
        ),
      );
  } else {
    await db
      .insert(sandboxContacts)
      .values({
        phoneNumberId,
        waId: input.phoneNumber,
        firstName: input.firstName,
        fullName: input.fullName,
      })
      .onConflictDoUpdate({
        target: [sandboxContacts.phoneNumberId, sandboxContacts.waId],
        set: { firstName: input.firstName ?? null, fullName: input.fullName ?? null },
      });
  }
  const action = input.action === "remove" ? "remove" : "add";
  const customer = await ensureCustomer(number, input.phoneNumber);
  await emitWebhooks(
    number,
    [
      stateSyncChange(number, [
        {
          action,
          who: identityOf(number, customer),
          firstName: input.firstName,
          fullName: input.fullName,
          at,
        },
      ]),
    ],
    { faults: input.faults, at },
  );
  return { action, phone_number: input.phoneNumber };
}
