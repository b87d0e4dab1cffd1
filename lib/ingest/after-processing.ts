import "server-only";
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

export type AfterProcessingHook = (event: ProcessedEvent) => Promise<void>;

/**
 * Functions run after an event's changes are committed (partner forwarding plugs in here).
 * A hook that throws is logged and does not undo or repeat the processing. Empty for now.
 */
export const afterProcessingHooks: AfterProcessingHook[] = [];
