import "server-only";
import { forwardProcessedEvents } from "@/lib/forwarding/from-ingest";
import { refreshHealthAfterEvent } from "@/lib/health/from-ingest";
import type { KnownField } from "@/lib/meta/webhooks";

/** One change of a webhook event, applied to one channel. */
export type ProcessedChange = {
  channelId: string;
  partnerId: string;
  field: KnownField;
  value: unknown;
};

/** What one processing run of one raw event did, handed to the hooks after its commit. */
export type ProcessedEvent = {
  webhookEventId: string;
  receivedAt: Date;
  // True when an admin replayed the event or a new channel picked it up: it may have been
  // handed over before.
  replay: boolean;
  changes: ProcessedChange[];
};

export type AfterProcessingHook = (events: readonly ProcessedEvent[]) => Promise<void>;

/**
 * Functions run after a batch of events is committed, once per batch. A hook that throws is logged and does
 * not undo or repeat the processing. A static list, not a registry: Turbopack may load this
 * module in several chunks, and a list filled at start-up could be empty in the route's copy.
 */
export const afterProcessingHooks: AfterProcessingHook[] = [
  forwardProcessedEvents,
  async (events) => {
    for (const event of events) await refreshHealthAfterEvent(event);
  },
];
