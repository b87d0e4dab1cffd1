import type { MessageTemplate } from "@/lib/meta/graph";

/** How long a WABA's template list is reused; a template approved meanwhile is priced late. */
export const TEMPLATE_CACHE_MS = 60_000;
const MAX_WABAS = 1_000;

type Entry = { at: number; templates: Promise<MessageTemplate[]> };

/**
 * A WABA's templates, fetched once a minute at most: a burst of template sends (up to 20 a
 * second) would otherwise ask Meta for the list before every message. Per process, in memory;
 * a failed fetch is not kept.
 */
export function createTemplateCache(now: () => number = Date.now) {
  const entries = new Map<string, Entry>();
  return async function templatesOf(
    wabaId: string,
    fetch: () => Promise<MessageTemplate[]>,
  ): Promise<MessageTemplate[]> {
    const hit = entries.get(wabaId);
    if (hit && now() - hit.at < TEMPLATE_CACHE_MS) return hit.templates;
    if (entries.size >= MAX_WABAS) entries.delete(entries.keys().next().value!);
    const templates = fetch();
    entries.set(wabaId, { at: now(), templates });
    templates.catch(() => {
      if (entries.get(wabaId)?.templates === templates) entries.delete(wabaId);
    });
    return templates;
  };
}
