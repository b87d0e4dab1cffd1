import type { Metadata } from "next";
import Link from "next/link";
import { When } from "@/components/format/when";
import { ChannelWarningsCell, SeveritySortHead } from "@/components/health/channel-warnings";
import { ChannelSyncCell } from "@/components/onboarding/channel-sync-cell";
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
import { channelStatuses } from "@/db/schema/partners";
import { requireCaller } from "@/lib/auth/session";
import { formatEnum, formatPhone } from "@/lib/format";
import { sortByWorstSeverity } from "@/lib/health/severity-order";
import { summarizeChannelWarnings } from "@/lib/health/summary";
import {
  contactsSyncLabels,
  contactsSyncStates,
  historySyncLabels,
  historySyncStates,
} from "@/lib/onboarding/sync-states";
import { channelListSpec } from "@/lib/partners/api-schemas";
import { listChannelCountries, listChannels } from "@/lib/partners/channels";
import {
  channelConsoleFilters,
  consoleListQuery,
  listHref,
  type SearchParams,
} from "@/lib/partners/console-list";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { scope } = await requireCaller("portal");
  const isClientUser = scope.role === "client";
  const params = await searchParams;
  const query = consoleListQuery(channelListSpec, params, channelConsoleFilters);
  // The severity sort orders up to 500 matching channels by their worst warning, then pages.
  const bySeverity = params.order === "severity";
  const [listed, countries] = await Promise.all([
    // A client user's scope narrows the list (and its filters) to its own client's channels.
    listChannels(scope, { query: bySeverity ? { ...query, limit: 500, offset: 0 } : query }),
    listChannelCountries(scope),
  ]);
  const { total } = listed;
  const warnings = await summarizeChannelWarnings(scope, {
    channelIds: listed.channels.map((c) => c.id),
  });
  const channels = bySeverity
    ? sortByWorstSeverity(listed.channels, (id) => warnings.get(id)?.worst ?? null).slice(
        query.offset,
        query.offset + query.limit,
      )
    : listed.channels;
  const base = "/channels";
  const sortable = { basePath: base, params, currentSort: query.sort };
  return (
    <>
      <PageHeader
        title="Channels"
        description={
          isClientUser
            ? "Your WhatsApp numbers, one row each"
            : "Every WhatsApp number you run, one row each"
        }
      />
      <FilterBar
        basePath={base}
        params={params}
        searchLabel="Search number, name or client"
        selects={[
          {
            name: "status",
            label: "Status",
            options: channelStatuses.map((s) => ({ value: s, label: s })),
          },
          {
            name: "country",
            label: "Country",
            options: countries.map((c) => ({ value: c, label: c })),
          },
          {
            name: "coexistence",
            label: "Coexistence",
            options: [
              { value: "true", label: "yes" },
              { value: "false", label: "no" },
            ],
          },
          {
            name: "contacts_sync",
            label: "Contacts sync",
            options: contactsSyncStates.map((s) => ({ value: s, label: contactsSyncLabels[s] })),
          },
          {
            name: "history_sync",
            label: "History sync",
            options: historySyncStates.map((s) => ({ value: s, label: historySyncLabels[s] })),
          },
        ]}
        exportHref={listHref("/channels/export", params, {})}
      />
      <Table aria-label="Channels" data-testid="channels-table">
        <TableHeader>
          <TableRow>
            <SortableHead {...sortable} field="display_phone_number" label="Number" />
            <SortableHead {...sortable} field="verified_name" label="Display name" />
            <TableHead>Client</TableHead>
            <SortableHead {...sortable} field="status" label="Status" />
            <TableHead>Coexistence</TableHead>
            <TableHead>Quality</TableHead>
            <SortableHead {...sortable} field="last_app_activity_at" label="Last app activity" />
            <TableHead>Sync</TableHead>
            <SeveritySortHead basePath={base} params={params} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {channels.length === 0 ? <EmptyRow colSpan={9}>No channels match.</EmptyRow> : null}
          {channels.map((channel) => (
            <TableRow key={channel.id}>
              <TableCell className="font-medium">
                <Link href={`/channels/${channel.id}`} className="hover:underline">
                  {formatPhone(channel.displayPhoneNumber)}
                </Link>
              </TableCell>
              <TableCell>{channel.verifiedName ?? "—"}</TableCell>
              <TableCell>
                {isClientUser ? (
                  channel.clientName
                ) : (
                  <Link href={`/clients/${channel.clientId}`} className="hover:underline">
                    {channel.clientName}
                  </Link>
                )}
              </TableCell>
              <TableCell>
                <StatusBadge status={channel.status} />
              </TableCell>
              <TableCell>{channel.coexistence ? "yes" : "no"}</TableCell>
              <TableCell>{formatEnum(channel.qualityRating)}</TableCell>
              <TableCell>
                <When at={channel.lastAppActivityAt} />
              </TableCell>
              <TableCell>
                <ChannelSyncCell sync={channel.syncState} />
              </TableCell>
              <TableCell>
                <ChannelWarningsCell summary={warnings.get(channel.id)} />
              </TableCell>
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
