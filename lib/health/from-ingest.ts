import "server-only";
import type { ProcessedEvent } from "@/lib/ingest/after-processing";
import { refreshPartnerHealth } from "./evaluate";

// Events that can raise or clear a warning at once; the periodic job covers the passing of time.
const HEALTH_FIELDS = new Set([
  "account_update",
  "smb_message_echoes",
  "history",
  "smb_app_state_sync",
  "messages",
]);

/** Re-evaluates the channels an ingested event touched, so warnings follow events immediately. */
export async function refreshHealthAfterEvent(event: ProcessedEvent) {
  const byPartner = new Map<string, Set<string>>();
  for (const change of event.changes) {
    if (!HEALTH_FIELDS.has(change.field)) continue;
    const channels = byPartner.get(change.partnerId) ?? new Set<string>();
    channels.add(change.channelId);
    byPartner.set(change.partnerId, channels);
  }
  for (const [partnerId, channelIds] of byPartner) {
    await refreshPartnerHealth({ partnerId, channelIds: [...channelIds] });
  }
}
