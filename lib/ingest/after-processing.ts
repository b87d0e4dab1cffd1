import "server-only";
import { forwardProcessedEvents } from "@/lib/forwarding/from-ingest";
import { refreshHealthAfterEvent } from "@/lib/health/from-ingest";
import type { AfterProcessingHook } from "@/lib/processed-event";

/**
 * Functions run after a batch of events is committed, once per batch. A hook that throws is logged and does
 * not undo or repeat the processing. A static list, not a registry: Turbopack may load this
 * module in several chunks, and a list filled at start-up could be empty in the route's copy.
 * The events' types are in lib/processed-event.ts.
 */
export const afterProcessingHooks: AfterProcessingHook[] = [
  forwardProcessedEvents,
  async (events) => {
    for (const event of events) await refreshHealthAfterEvent(event);
  },
];
