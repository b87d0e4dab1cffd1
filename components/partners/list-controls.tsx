import { ArrowDown, ArrowUp, ArrowUpDown, Download } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { TableHead } from "@/components/ui/table";
import { listHref, type SearchParams } from "@/lib/partners/console-list";

/** A column header that sorts the list by its field; a second click reverses. */
export function SortableHead({
  basePath,
  params,
  field,
  label,
  currentSort,
}: {
  basePath: string;
  params: SearchParams;
  field: string;
  label: string;
  currentSort: string;
}) {
  const ascending = currentSort === field;
  const descending = currentSort === `-${field}`;
  const next = ascending ? `-${field}` : field;
  const Icon = ascending ? ArrowUp : descending ? ArrowDown : ArrowUpDown;
  return (
    <TableHead aria-sort={ascending ? "ascending" : descending ? "descending" : "none"}>
      <Link
        href={listHref(basePath, params, { sort: next })}
        className="inline-flex items-center gap-1 hover:text-foreground"
      >
        {label}
        <Icon className="size-3" aria-hidden />
      </Link>
    </TableHead>
  );
}

export function Pagination({
  basePath,
  params,
  total,
  limit,
  offset,
}: {
  basePath: string;
  params: SearchParams;
  total: number;
  limit: number;
  offset: number;
}) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav
      aria-label="Pagination"
      className="mt-3 flex items-center justify-between text-sm text-muted-foreground"
    >
      <p data-testid="list-total">
        {total === 0
          ? "Nothing matches"
          : `${offset + 1}–${Math.min(offset + limit, total)} of ${total}`}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={listHref(basePath, params, { page: String(page - 1) })}>Previous</Link>
          </Button>
        ) : null}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages ? (
          <Button asChild variant="outline" size="sm">
            <Link href={listHref(basePath, params, { page: String(page + 1) })}>Next</Link>
          </Button>
        ) : null}
      </div>
    </nav>
  );
}

export type FilterSelect = {
  name: string;
  label: string;
  options: { value: string; label: string }[];
};

/** Search and filters as a plain GET form: works without JavaScript, state lands in the URL. */
export function FilterBar({
  basePath,
  params,
  searchLabel,
  selects,
  exportHref,
}: {
  basePath: string;
  params: SearchParams;
  searchLabel: string;
  selects: FilterSelect[];
  exportHref?: string;
}) {
  const value = (name: string) => {
    const v = params[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  return (
    <form method="get" action={basePath} className="mb-4 flex flex-wrap items-end gap-3">
      <div className="grid gap-2">
        <Label htmlFor="list-q">{searchLabel}</Label>
        <Input id="list-q" name="q" type="search" defaultValue={value("q")} className="w-64" />
      </div>
      {selects.map((select) => (
        <div key={select.name} className="grid gap-2">
          <Label htmlFor={`list-${select.name}`}>{select.label}</Label>
          <NativeSelect
            id={`list-${select.name}`}
            name={select.name}
            defaultValue={value(select.name)}
          >
            <option value="">All</option>
            {select.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      ))}
      {value("sort") ? <input type="hidden" name="sort" value={value("sort")} /> : null}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {exportHref ? (
        <Button asChild variant="outline" className="ml-auto">
          <a href={exportHref} download>
            <Download aria-hidden />
            Export CSV
          </a>
        </Button>
      ) : null}
    </form>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-8 text-center text-muted-foreground">
        {children}
      </td>
    </tr>
  );
}
