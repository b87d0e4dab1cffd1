import "server-only";
import { getLogger } from "@/lib/logger";
import type { ProcessedEvent } from "@/lib/processed-event";
import { refreshPartnerHealth } from "./evaluate";

// Events that can raise or clear a warning at once; the periodic job covers the passing of time.
const HEALTH_FIELDS = new Set([
  "account_update",
  "smb_message_echoes",
  "history",
  "smb_app_state_sync",
  "messages",
  "phone_number_quality_update",
  "account_alerts",
  "message_template_status_update",
  "message_template_quality_update",
  "template_category_update",
]);

/**
 * Channels touched by events are re-evaluated together once this long after the first of them:
 * a busy channel (a message a second) costs one evaluation per window instead of one per event,
 * which kept webhook processing from keeping up (bench/webhook-ingest). Warnings still follow
 * events within a second; if the process stops first, the periodic health job catches up.
 */
export const HEALTH_COALESCE_MS = 500;

const due = new Map<string, Set<string>>(); // partner id -> channel ids
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> = Promise.resolve();

/** Queues the channels an ingested event touched for re-evaluation, so warnings follow events. */
export async function refreshHealthAfterEvent(event: ProcessedEvent) {
  for (const change of event.changes) {
    if (!HEALTH_FIELDS.has(change.field)) continue;
    const channels = due.get(change.partnerId) ?? new Set<string>();
    channels.add(change.channelId);
    due.set(change.partnerId, channels);
  }
  if (due.size > 0 && !timer) {
    timer = setTimeout(() => void flushHealthRefreshes(), HEALTH_COALESCE_MS);
    timer.unref?.();
  }
}

/** Re-evaluates every queued channel now (the timer's job; tests call it to not wait). */
export async function flushHealthRefreshes(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  // One flush at a time: the next one starts after the previous finished, with what queued since.
  flushing = flushing.then(async () => {
    const batch = [...due];
    due.clear();
    for (const [partnerId, channelIds] of batch) {
      try {
        await refreshPartnerHealth({ partnerId, channelIds: [...channelIds] });
      } catch (error) {
        getLogger().error({ err: error, partnerId }, "health refresh after events failed");
      }
    }
  });
  return flushing;
}
