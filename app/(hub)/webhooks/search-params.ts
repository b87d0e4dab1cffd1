import { z } from "zod";
import { webhookOutcomes } from "@/db/schema/ingest";
import { isUuid } from "@/lib/ids";
import { parseConsoleParams, type SearchParams } from "@/lib/partners/console-list";

const uuid = z.string().refine(isUuid);

/** `before`: the keyset cursor of the next page, `<receivedAt ISO>|<event id>`. */
const cursor = z.string().transform((value, ctx) => {
  const [at = "", id = "", ...rest] = value.split("|");
  if (rest.length > 0 || !isUuid(id) || Number.isNaN(Date.parse(at))) {
    ctx.addIssue({ code: "custom", message: "Not a page cursor." });
    return z.NEVER;
  }
  return { receivedAt: new Date(at), id };
});

/** The webhooks page's URL: filters, the selected event and the page cursor. */
export const webhooksSearchSchema = z.object({
  outcome: z.enum(webhookOutcomes),
  field: z.string(),
  channel: uuid,
  event: uuid,
  before: cursor,
});

/** As the console lists: a bad value drops that parameter (no filter, no event, first page). */
export function parseWebhooksSearch(params: SearchParams) {
  return parseConsoleParams(webhooksSearchSchema, params);
}
