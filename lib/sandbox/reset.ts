import "server-only";
import { getDb } from "@/db";
import {
  sandboxNumbers,
  sandboxSettings,
  sandboxTemplates,
  sandboxTokens,
  sandboxWebhookDeliveries,
} from "@/db/schema";

/** Empties every sandbox table (the hub's tables are not touched). */
export async function resetSandbox() {
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx.delete(sandboxWebhookDeliveries);
    await tx.delete(sandboxTokens);
    await tx.delete(sandboxSettings);
    await tx.delete(sandboxTemplates);
    // Cascades to contacts, codes, sync requests and messages.
    await tx.delete(sandboxNumbers);
  });
}
