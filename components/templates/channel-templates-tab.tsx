import Link from "next/link";
import { ConfirmActionButton } from "@/components/partners/confirm-action-button";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { Scope } from "@/lib/auth/scope";
import type { Action } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { isEditableStatus } from "@/lib/templates/edit-rules";
import { priceOfCategory, templatePricesFor } from "@/lib/templates/prices";
import { listChannelTemplates } from "@/lib/templates/store";
import { CreateTemplateForm } from "./create-template-form";
import { EditTemplateCard } from "./edit-template-card";
import type { EditedTemplate } from "./edit-template-form";
import { RefreshWhilePending } from "./refresh-while-pending";
import { statusVariant, statusWords, words } from "./template-words";

/**
 * The channel's WABA's templates: list with status, quality and price; create; edit where Meta
 * allows it (`editId`, from the page's `?edit=`, opens the form prefilled in place of the create
 * form); delete.
 */
export async function ChannelTemplatesTab({
  scope,
  channelId,
  displayPhoneNumber,
  createAction,
  editAction,
  deleteAction,
  editId,
}: {
  scope: Scope;
  channelId: string;
  displayPhoneNumber: string;
  createAction: Action<{ name: string; status: string }>;
  editAction: Action<EditedTemplate>;
  deleteAction: Action<{ deleted: number }>;
  editId?: string;
}) {
  const listing = await listChannelTemplates(scope, { channelId });
  const editing = editId ? listing.templates.find((t) => t.id === editId) : undefined;
  const { market, prices } = templatePricesFor({ displayPhoneNumber, at: new Date() });
  const pending = listing.templates.some((t) => t.status === "PENDING");
  return (
    <div className="grid gap-4">
      <RefreshWhilePending pending={pending} />
      <Card>
        <CardHeader>
          <CardTitle>Templates</CardTitle>
          <CardDescription>
            Outside the 24-hour window a coexistence number can only send approved templates.
            Statuses follow Meta's webhooks as they arrive.
            {listing.syncedAt ? ` Read from Meta ${formatDateTime(listing.syncedAt)}.` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {listing.syncError ? (
            <p role="alert" className="mb-3 text-sm text-destructive">
              {listing.syncError}
            </p>
          ) : null}
          <Table aria-label="Message templates">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Language</TableHead>
                <TableHead>Category and price per send</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Quality</TableHead>
                <TableHead>Last change</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {listing.templates.map((t) => {
                const price = priceOfCategory(prices, t.category);
                return (
                  <TableRow key={t.id} data-template={t.name}>
                    <TableCell className="font-mono text-xs">{t.name}</TableCell>
                    <TableCell>{t.language}</TableCell>
                    <TableCell>
                      {words(t.category)}
                      {price?.price ? ` · ${price.price}` : ""}
                      {t.previousCategory ? (
                        <span className="block text-xs text-muted-foreground">
                          Changed by Meta from {words(t.previousCategory).toLowerCase()}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={statusVariant(t.status)} data-testid="template-status">
                        {statusWords(t.status)}
                      </Badge>
                      {t.rejectionReason ? (
                        <span className="block text-xs text-muted-foreground">
                          {words(t.rejectionReason)}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell>{words(t.qualityScore)}</TableCell>
                    <TableCell>{formatDateTime(t.lastChangeAt)}</TableCell>
                    <TableCell className="space-x-2 text-right">
                      {isEditableStatus(t.status) ? (
                        <Link
                          href={`/channels/${channelId}/templates?edit=${t.id}#template-form`}
                          className={buttonVariants({ variant: "outline", size: "sm" })}
                          aria-label={`Edit ${t.name} (${t.language})`}
                        >
                          Edit
                        </Link>
                      ) : null}
                      <ConfirmActionButton
                        action={deleteAction}
                        input={{ channelId, name: t.name }}
                        confirm={`Delete ${t.name} in every language? Meta does not let the name be used again for 30 days.`}
                        label="Delete"
                        done={`${t.name} deleted`}
                        variant="destructive"
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {editing ? (
        <EditTemplateCard
          template={editing}
          channelId={channelId}
          action={editAction}
          prices={prices}
          market={market}
        />
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>New template</CardTitle>
            <CardDescription>
              Submitted to Meta for review: it shows “In review”, then Approved or Rejected with
              Meta's reason.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <CreateTemplateForm
              action={createAction}
              channelId={channelId}
              prices={prices}
              market={market}
            />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
