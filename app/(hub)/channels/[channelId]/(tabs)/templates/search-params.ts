import { z } from "zod";
import {
  consoleUuidParam,
  parseConsoleParams,
  type SearchParams,
} from "@/lib/partners/console-list";

/** The channel's Templates tab's URL: `edit`, the hub's id of the template being edited. */
export const channelTemplatesSearchSchema = z.object({
  edit: consoleUuidParam,
});

/** As the console lists: a bad value drops that parameter (no template in edit). */
export function parseChannelTemplatesSearch(params: SearchParams) {
  return parseConsoleParams(channelTemplatesSearchSchema, params);
}
