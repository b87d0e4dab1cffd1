import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { type SandboxFaults, sandboxNumbers, sandboxSyncRequests } from "@/db/schema";
import { sandboxNow } from "../clock";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { type AccountEvent, accountUpdateChange } from "../payloads";

/** Disconnect / offboard / reconnect as Meta reports them (`account_update`, routed by WABA). */
export async function simulateAccountEvent(
  phoneNumberId: string,
  event: Extract<AccountEvent, "PARTNER_REMOVED" | "ACCOUNT_OFFBOARDED" | "ACCOUNT_RECONNECTED">,
  disconnection?: { reason: string; initiatedBy: "USER" | "SYSTEM" },
  faults?: SandboxFaults,
) {
  const number = await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  const db = getDb();
  if (event === "ACCOUNT_RECONNECTED") {
    await db.transaction(async (tx) => {
      await tx
        .update(sandboxNumbers)
        .set({ status: "connected", onboardedAt: at, lastAppActivityAt: at })
        .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
      // Reconnecting is onboarding again: the 24-hour, one-shot syncs start over.
      await tx
        .delete(sandboxSyncRequests)
        .where(eq(sandboxSyncRequests.phoneNumberId, phoneNumberId));
    });
  } else {
    await db
      .update(sandboxNumbers)
      .set({ status: event === "PARTNER_REMOVED" ? "disconnected" : "offboarded" })
      .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
  }
  await emitWebhooks(number, [accountUpdateChange(number, event, disconnection)], { faults, at });
  return { event, waba_id: number.wabaId };
}
