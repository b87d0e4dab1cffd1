import type { KnownField } from "@/lib/meta/webhooks";

/**
 * What ingestion hands to the modules that react to it (lib/forwarding, lib/health) once a batch
 * of webhook events is committed. Only types live here, so those modules need not import
 * lib/ingest, which imports them (lib/ingest/after-processing.ts).
 */

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
