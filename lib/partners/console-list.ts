import { z } from "zod";
import { isUuid } from "@/lib/ids";
import type { ListQuery, ListSpec } from "./list-query";

/**
 * The console's lists keep their state in the URL (`q`, filters, `sort`, `page`), so a view can be
 * shared and reloaded. Unlike the API, a hand-edited URL with a bad value falls back to the
 * default instead of failing the page.
 */
export const CONSOLE_PAGE_SIZE = 25;

export type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
}

/** `page`: a page number from 1 (a fraction rounds down); anything else is page 1. */
export const consolePageParam = z.coerce.number().min(1).transform(Math.floor);

/** A row named in the URL (the selected event, the template being edited): a uuid. */
export const consoleUuidParam = z.string().refine(isUuid);

/** A keyset page cursor, `<ISO time>|<row id>`: the next page starts after that row. */
export const consoleCursorParam = z.string().transform((value, ctx) => {
  const [at = "", id = "", ...rest] = value.split("|");
  if (rest.length > 0 || !isUuid(id) || Number.isNaN(Date.parse(at))) {
    ctx.addIssue({ code: "custom", message: "Not a page cursor." });
    return z.NEVER;
  }
  return { at: new Date(at), id };
});

function consolePage(params: SearchParams): number {
  return consolePageParam.safeParse(firstParam(params, "page")).data ?? 1;
}

/**
 * A console page's URL parameters through a zod object, each parameter on its own as the lists'
 * filters are: a bad value drops that parameter (the page uses its default), the others stay.
 */
export function parseConsoleParams<S extends z.ZodObject>(
  schema: S,
  params: SearchParams,
): Partial<z.output<S>> {
  const parsed: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const value = firstParam(params, name);
    if (value === undefined) continue;
    const one = field.safeParse(value);
    if (one.success) parsed[name] = one.data;
  }
  return parsed as Partial<z.output<S>>;
}

export function consoleListQuery<F extends z.ZodObject>(
  spec: ListSpec<F>,
  params: SearchParams,
  filterParams: Record<string, string>,
): ListQuery<z.infer<F>> {
  const sortParam = firstParam(params, "sort") ?? spec.defaultSort;
  const sortField = sortParam.replace(/^-/, "");
  const sort = spec.sortFields.includes(sortField) ? sortParam : spec.defaultSort;
  const page = consolePage(params);
  const raw: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(filterParams)) {
    const value = firstParam(params, param);
    if (value === undefined) continue;
    raw[field] = value === "true" ? true : value === "false" ? false : value;
  }
  // Each filter is checked on its own, so one bad value drops that filter, not all of them.
  const filters: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    const one = spec.filters.pick({ [field]: true } as never).safeParse({ [field]: value });
    if (one.success) Object.assign(filters, one.data);
  }
  return {
    limit: CONSOLE_PAGE_SIZE,
    offset: (page - 1) * CONSOLE_PAGE_SIZE,
    sort,
    sortField: sort.replace(/^-/, ""),
    descending: sort.startsWith("-"),
    filters: filters as z.infer<F>,
  };
}

/** The same list URL with some parameters changed (undefined removes one); resets the page. */
export function listHref(
  basePath: string,
  params: SearchParams,
  changes: Record<string, string | undefined>,
): string {
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) next.set(name, first);
  }
  if (!("page" in changes)) next.delete("page");
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === "") next.delete(name);
    else next.set(name, value);
  }
  const query = next.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** URL parameter -> filter field, for the console's clients and channels lists. */
export const clientConsoleFilters = { q: "search", status: "status", country: "country_code" };
export const channelConsoleFilters = {
  q: "search",
  status: "status",
  country: "country_code",
  client: "client_id",
  coexistence: "coexistence",
  contacts_sync: "contacts_sync",
  history_sync: "history_sync",
};

const auditActorValues = ["user", "api_key", "system"] as const;

/** The audit log's filters from the URL: action, actor type and a date range (UTC days). */
export function auditFilterFromParams(params: SearchParams) {
  const day = (value: string | undefined) =>
    value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  const actor = firstParam(params, "actor");
  const to = day(firstParam(params, "to"));
  const page = consolePage(params);
  return {
    filter: {
      action: firstParam(params, "action"),
      actorType: auditActorValues.find((value) => value === actor),
      from: day(firstParam(params, "from")),
      // Inclusive of the whole "to" day.
      to: to ? new Date(to.getTime() + 24 * 60 * 60 * 1000) : undefined,
    },
    limit: CONSOLE_PAGE_SIZE,
    offset: (page - 1) * CONSOLE_PAGE_SIZE,
  };
}
