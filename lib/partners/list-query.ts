import { z } from "zod";

/**
 * The list conventions of the Partner API, as 360dialog's: `limit` (1-100), `offset`, `sort` (a
 * field, `-` for descending) and `filters` (a JSON object whose unknown fields are refused).
 */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

export type ListSpec<F extends z.ZodObject> = {
  filters: F;
  sortFields: readonly [string, ...string[]];
  defaultSort: string;
};

export type ListQuery<F> = {
  limit: number;
  offset: number;
  /** As sent back to the caller: `-created_at`. */
  sort: string;
  sortField: string;
  descending: boolean;
  filters: F;
};

const jsonObject = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "filters must be a JSON object" });
    return z.NEVER;
  }
});

export function listQuerySchema<F extends z.ZodObject>(spec: ListSpec<F>) {
  const sorts = spec.sortFields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
    offset: z.coerce.number().int().min(0).default(0),
    sort: z.enum(sorts).default(spec.defaultSort),
    filters: jsonObject.pipe(spec.filters.strict()).optional(),
  });
}

/** Parses a list request's query string; throws a ZodError (answered as 422) on bad input. */
export function parseListQuery<F extends z.ZodObject>(
  spec: ListSpec<F>,
  params: URLSearchParams,
): ListQuery<z.infer<F>> {
  const raw: Record<string, string> = {};
  for (const name of ["limit", "offset", "sort", "filters"]) {
    const value = params.get(name);
    if (value !== null && value !== "") raw[name] = value;
  }
  const parsed = listQuerySchema(spec).parse(raw);
  const descending = parsed.sort.startsWith("-");
  return {
    limit: parsed.limit,
    offset: parsed.offset,
    sort: parsed.sort,
    sortField: descending ? parsed.sort.slice(1) : parsed.sort,
    descending,
    filters: (parsed.filters ?? {}) as z.infer<F>,
  };
}

/** The list envelope: `{count, total, limit, offset, filters, sort, <items>}`. */
export function listEnvelope<K extends string, T>(
  itemsName: K,
  query: ListQuery<unknown>,
  items: T[],
  total: number,
) {
  return {
    count: items.length,
    total,
    limit: query.limit,
    offset: query.offset,
    filters: query.filters,
    sort: query.sort,
    [itemsName]: items,
  } as {
    count: number;
    total: number;
    limit: number;
    offset: number;
    filters: unknown;
    sort: string;
  } & Record<K, T[]>;
}
