import { z } from "zod";
import { webhookOutcomes } from "@/db/schema/ingest";
import { knownFields } from "@/lib/meta/webhooks";
import {
  consoleCursorParam,
  consoleUuidParam,
  parseConsoleParams,
  type SearchParams,
} from "@/lib/partners/console-list";

/**
 * The channel's Events tab's URL: the events' filters, the event whose body is open, and each
 * list's page position (`before` for the events, `lifecycle_before` for the lifecycle).
 */
export const channelEventsSearchSchema = z.object({
  outcome: z.enum(webhookOutcomes),
  field: z.enum(knownFields),
  event: consoleUuidParam,
  before: consoleCursorParam,
  lifecycle_before: consoleCursorParam,
});

/** As the console lists: a bad value drops that parameter (no filter, no body, first page). */
export function parseChannelEventsSearch(params: SearchParams) {
  return parseConsoleParams(channelEventsSearchSchema, params);
}
