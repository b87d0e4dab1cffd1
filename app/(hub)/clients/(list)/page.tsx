import type { Metadata } from "next";
import Link from "next/link";
import { EmptyRow, FilterBar, Pagination, SortableHead } from "@/components/partners/list-controls";
import { StatusBadge } from "@/components/partners/status-badge";
import { PageHeader } from "@/components/shell/page-header";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { clientStatuses } from "@/db/schema/partners";
import { requireCaller } from "@/lib/auth/session";
import { clientListSpec } from "@/lib/partners/api-schemas";
import { listChannelCountries } from "@/lib/partners/channels";
import { listClients } from "@/lib/partners/clients";
import {
  clientConsoleFilters,
  consoleListQuery,
  listHref,
  type SearchParams,
} from "@/lib/partners/console-list";

export const metadata: Metadata = { title: "Clients" };

export default async function ClientsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireCaller();
  const params = await searchParams;
  const query = consoleListQuery(clientListSpec, params, clientConsoleFilters);
  const [{ clients, total }, countries] = await Promise.all([
    listClients(caller.scope, { query }),
    listChannelCountries(caller.scope),
  ]);
  const base = "/clients";
  const sortable = { basePath: base, params, currentSort: query.sort };
  return (
    <>
      <PageHeader title="Clients" description="The businesses you onboard, with their channels" />
      <FilterBar
        basePath={base}
        params={params}
        searchLabel="Search name, email or your id"
        selects={[
          {
            name: "status",
            label: "Status",
            options: clientStatuses.map((s) => ({ value: s, label: s })),
          },
          {
            name: "country",
            label: "Country",
            options: countries.map((c) => ({ value: c, label: c })),
          },
        ]}
        exportHref={listHref("/clients/export", params, {})}
      />
      <Table aria-label="Clients" data-testid="clients-table">
        <TableHeader>
          <TableRow>
            <SortableHead {...sortable} field="name" label="Name" />
            <TableHead>Your id</TableHead>
            <TableHead>Email</TableHead>
            <SortableHead {...sortable} field="status" label="Status" />
            <TableHead className="text-right">Channels</TableHead>
            <SortableHead {...sortable} field="created_at" label="Created" />
          </TableRow>
        </TableHeader>
        <TableBody>
          {clients.length === 0 ? <EmptyRow colSpan={6}>No clients match.</EmptyRow> : null}
          {clients.map((client) => (
            <TableRow key={client.id}>
              <TableCell className="font-medium">
                <Link href={`/clients/${client.id}`} className="hover:underline">
                  {client.name}
                </Link>
              </TableCell>
              <TableCell className="font-mono text-xs">{client.partnerPayload ?? "—"}</TableCell>
              <TableCell>{client.email ?? "—"}</TableCell>
              <TableCell>
                <StatusBadge status={client.status} />
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {client.channelCount} / {client.maxChannels}
              </TableCell>
              <TableCell>{client.createdAt.toISOString().slice(0, 10)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        basePath={base}
        params={params}
        total={total}
        limit={query.limit}
        offset={query.offset}
      />
    </>
  );
}
