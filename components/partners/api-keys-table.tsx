import { When } from "@/components/format/when";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

import type { ActionResult } from "@/lib/errors";
import type { ApiKeySummary } from "@/lib/partners/api-keys";
import { ConfirmActionButton } from "./confirm-action-button";
import { EmptyRow } from "./list-controls";
import { StatusBadge } from "./status-badge";

export function ApiKeysTable({
  keys,
  revokeAction,
  revokeInput,
  canManage,
}: {
  keys: ApiKeySummary[];
  revokeAction: (input: unknown) => Promise<ActionResult<unknown>>;
  revokeInput: Record<string, unknown>;
  canManage: boolean;
}) {
  return (
    <Table aria-label="API keys" data-testid="api-keys-table">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Prefix</TableHead>
          <TableHead>Created by</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>State</TableHead>
          {canManage ? <TableHead className="sr-only">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.length === 0 ? <EmptyRow colSpan={canManage ? 7 : 6}>No keys yet.</EmptyRow> : null}
        {keys.map((key) => (
          <TableRow key={key.id}>
            <TableCell className="font-medium">{key.name}</TableCell>
            <TableCell className="font-mono text-xs">{key.prefix}…</TableCell>
            <TableCell>{key.createdBy ?? "API"}</TableCell>
            <TableCell>
              <When at={key.createdAt} />
            </TableCell>
            <TableCell>
              <When at={key.lastUsedAt} empty="never" />
            </TableCell>
            <TableCell>
              <StatusBadge status={key.revokedAt ? "revoked" : "active"} />
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                {key.revokedAt ? null : (
                  <ConfirmActionButton
                    action={revokeAction}
                    input={{ ...revokeInput, keyId: key.id }}
                    confirm={`Revoke ${key.name}? Software using it stops working at once.`}
                    label="Revoke"
                    done="Key revoked"
                    variant="destructive"
                  />
                )}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
