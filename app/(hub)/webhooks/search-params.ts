import { z } from "zod";
import { webhookOutcomes } from "@/db/schema/ingest";
import {
  consoleCursorParam,
  consoleUuidParam,
  parseConsoleParams,
  type SearchParams,
} from "@/lib/partners/console-list";

/** The webhooks page's URL: filters, the selected event and the page cursor. */
export const webhooksSearchSchema = z.object({
  outcome: z.enum(webhookOutcomes),
  field: z.string(),
  channel: consoleUuidParam,
  event: consoleUuidParam,
  /** The keyset cursor of the next page, `<receivedAt ISO>|<event id>`. */
  before: consoleCursorParam.transform(({ at, id }) => ({ receivedAt: at, id })),
});

/** As the console lists: a bad value drops that parameter (no filter, no event, first page). */
export function parseWebhooksSearch(params: SearchParams) {
  return parseConsoleParams(webhooksSearchSchema, params);
}
