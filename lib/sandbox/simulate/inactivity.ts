import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { sandboxNumbers } from "@/db/schema";
import { sandboxNow } from "../clock";
import { getSandboxNumber, markAppActivity } from "../numbers/store";
import { simulateAccountEvent } from "./account-events";

/** Meta disconnects a coexistence number after about 14 days without the primary phone in use. */
export const PRIMARY_INACTIVITY_DAYS = 14;

/** The business opens the app on the primary phone: resets the 14-day inactivity count. */
export async function simulateAppOpened(phoneNumberId: string) {
  await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  await markAppActivity(phoneNumberId, at);
  return { last_app_activity_at: at.toISOString() };
}

/**
 * Applies the inactivity rule at the sandbox's now (called when the clock moves): connected
 * numbers idle for 14 days are disconnected with PRIMARY_INACTIVITY, as Meta reports it.
 */
export async function applyInactivityRule() {
  const now = await sandboxNow();
  const cutoff = new Date(now.getTime() - PRIMARY_INACTIVITY_DAYS * 86_400_000);
  const idle = await getDb()
    .select({ phoneNumberId: sandboxNumbers.phoneNumberId })
    .from(sandboxNumbers)
    .where(
      and(
        eq(sandboxNumbers.status, "connected"),
        sql`coalesce(${sandboxNumbers.lastAppActivityAt}, ${sandboxNumbers.onboardedAt}) <= ${cutoff.toISOString()}::timestamptz`,
      ),
    );
  for (const number of idle) {
    await simulateAccountEvent(number.phoneNumberId, "PARTNER_REMOVED", {
      reason: "PRIMARY_INACTIVITY",
      initiatedBy: "SYSTEM",
    });
  }
  return idle.map((number) => number.phoneNumberId);
}
