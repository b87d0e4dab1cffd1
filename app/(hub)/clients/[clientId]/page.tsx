import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClientCostsSection } from "@/components/costs/client-costs-section";
import { When } from "@/components/format/when";
import { ChannelSyncCell } from "@/components/onboarding/channel-sync-cell";
import { ClientEditForm } from "@/components/partners/client-edit-form";
import { StatusBadge } from "@/components/partners/status-badge";
import { InviteForm } from "@/components/partners/users-forms";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requireCaller } from "@/lib/auth/session";
import { formatPhone } from "@/lib/format";
import { isUuid } from "@/lib/ids";
import { listChannels } from "@/lib/partners/channels";
import { getClientById } from "@/lib/partners/clients";
import { listClientUsers } from "@/lib/partners/users";
import { inviteClientUserAction, updateClientAction } from "../actions";

export const metadata: Metadata = { title: "Client" };

export default async function ClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  // Partner-only (the clients layout already answers client users not found).
  const caller = await requireCaller();
  const { clientId } = await params;
  if (!isUuid(clientId)) notFound();
  const client = await getClientById(caller.scope, { clientId });
  if (!client) notFound();
  const clientUsers = await listClientUsers(caller.scope, { clientId: client.id });
  const { channels } = await listChannels(caller.scope, {
    query: {
      limit: 100,
      offset: 0,
      sort: "-created_at",
      sortField: "created_at",
      descending: true,
      filters: { client_id: client.id },
    },
  });
  return (
    <>
      <PageHeader
        title={client.name}
        description={client.email ?? "No contact email"}
        breadcrumbs={[{ href: "/clients", label: "Clients" }]}
      >
        <StatusBadge status={client.status} />
      </PageHeader>
      <div className="grid gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
              <dt className="text-muted-foreground">Client id</dt>
              <dd className="font-mono text-xs">{client.id}</dd>
              <dt className="text-muted-foreground">Your id</dt>
              <dd className="font-mono text-xs" data-testid="client-partner-payload">
                {client.partnerPayload ?? "—"}
              </dd>
              <dt className="text-muted-foreground">Channels</dt>
              <dd>
                {client.channelCount} of {client.maxChannels} allowed
              </dd>
              <dt className="text-muted-foreground">Created</dt>
              <dd>
                <When at={client.createdAt} />
              </dd>
            </dl>
          </CardContent>
        </Card>
      </div>
      {caller.role === "owner" ? (
        <Card className="mt-4">
          <CardHeader>
            <CardTitle>Change</CardTitle>
            <CardDescription>
              Owners can change your id for this client and its channel cap.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ClientEditForm
              action={updateClientAction}
              clientId={client.id}
              partnerPayload={client.partnerPayload}
              maxChannels={client.maxChannels}
            />
          </CardContent>
        </Card>
      ) : null}
      <Card className="mt-4" data-testid="client-users">
        <CardHeader>
          <CardTitle>Client users</CardTitle>
          <CardDescription>
            People of {client.name} who sign in to see its own channels, chats, costs and warnings
            (nothing of your other clients or your settings).
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {clientUsers.length === 0 ? (
            <p className="text-sm text-muted-foreground">No client users yet.</p>
          ) : (
            <ul className="grid gap-1 text-sm">
              {clientUsers.map((user) => (
                <li key={user.userId}>
                  {user.email}
                  {user.name ? ` (${user.name})` : ""}
                  {user.hasPassword ? "" : " · invited, no password yet"}
                </li>
              ))}
            </ul>
          )}
          {caller.role === "owner" ? (
            <InviteForm action={inviteClientUserAction} clientId={client.id} />
          ) : null}
        </CardContent>
      </Card>
      <h2 className="mt-6 mb-3 text-lg font-semibold">Channels</h2>
      <Table aria-label="Channels of this client">
        <TableHeader>
          <TableRow>
            <TableHead>Number</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last app activity</TableHead>
            <TableHead>Sync</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {channels.map((channel) => (
            <TableRow key={channel.id}>
              <TableCell>
                <Link href={`/channels/${channel.id}`} className="font-medium hover:underline">
                  {formatPhone(channel.displayPhoneNumber)}
                </Link>
              </TableCell>
              <TableCell>{channel.verifiedName ?? "—"}</TableCell>
              <TableCell>
                <StatusBadge status={channel.status} />
              </TableCell>
              <TableCell>
                <When at={channel.lastAppActivityAt} />
              </TableCell>
              <TableCell>
                <ChannelSyncCell sync={channel.syncState} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ClientCostsSection scope={caller.scope} clientId={client.id} />
    </>
  );
}
