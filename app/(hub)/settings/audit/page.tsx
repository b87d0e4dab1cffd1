import { Download } from "lucide-react";
import type { Metadata } from "next";
import { DateTime } from "@/components/format/when";
import { auditChanges } from "@/components/partners/audit-diff";
import { EmptyRow, Pagination } from "@/components/partners/list-controls";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requireCaller } from "@/lib/auth/session";
import { formatEnum } from "@/lib/format";
import { listAuditActions, listAuditEntries } from "@/lib/partners/audit";
import {
  auditFilterFromParams,
  firstParam,
  listHref,
  type SearchParams,
} from "@/lib/partners/console-list";

export const metadata: Metadata = { title: "Audit log" };

/** What the entry changed, field by field: old value struck through, new value beside. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditChanges(before, after);
  if (changes.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="grid max-w-md gap-0.5 text-xs">
      {changes.map((c) => (
        <li key={c.field} className="break-words">
          <span className="text-muted-foreground">{c.field}: </span>
          {c.before !== null ? (
            <del className="text-red-700 dark:text-red-300">{c.before}</del>
          ) : null}
          {c.before !== null && c.after !== null ? " → " : null}
          {c.after !== null ? (
            <ins className="text-green-800 no-underline dark:text-green-300">{c.after}</ins>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireCaller();
  const params = await searchParams;
  const { filter, limit, offset } = auditFilterFromParams(params);
  const [{ entries, total }, actions] = await Promise.all([
    listAuditEntries(caller.scope, { filter, limit, offset }),
    listAuditActions(caller.scope),
  ]);
  const base = "/settings/audit";
  return (
    <>
      <form method="get" action={base} className="mb-4 flex flex-wrap items-end gap-3">
        <div className="grid gap-2">
          <Label htmlFor="audit-action">What</Label>
          <NativeSelect
            id="audit-action"
            name="action"
            defaultValue={firstParam(params, "action") ?? ""}
          >
            <option value="">All changes</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {formatEnum(action)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-actor">Who</Label>
          <NativeSelect
            id="audit-actor"
            name="actor"
            defaultValue={firstParam(params, "actor") ?? ""}
          >
            <option value="">Anyone</option>
            <option value="user">a user</option>
            <option value="api_key">an API key</option>
            <option value="system">the hub</option>
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-from">From</Label>
          <Input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={firstParam(params, "from")}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={firstParam(params, "to")} />
        </div>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        <Button asChild variant="outline" className="ml-auto">
          <a href={listHref("/settings/audit/export", params, {})} download>
            <Download aria-hidden />
            Export CSV
          </a>
        </Button>
      </form>
      <Table aria-label="Audit log" data-testid="audit-table">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>What</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Changes</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.length === 0 ? <EmptyRow colSpan={5}>No changes recorded yet.</EmptyRow> : null}
          {entries.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell className="whitespace-nowrap">
                <DateTime at={entry.createdAt} />
              </TableCell>
              <TableCell>{entry.actorLabel ?? entry.actorType}</TableCell>
              <TableCell>{formatEnum(entry.action)}</TableCell>
              <TableCell className="font-mono text-xs">
                {entry.targetType
                  ? `${formatEnum(entry.targetType)} ${entry.targetId?.slice(0, 8) ?? ""}`
                  : "—"}
              </TableCell>
              <TableCell>
                <Changes before={entry.before} after={entry.after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination basePath={base} params={params} total={total} limit={limit} offset={offset} />
    </>
  );
}
