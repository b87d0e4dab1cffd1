import { DateTime, When } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

import type { ActionResult } from "@/lib/errors";
import { ConfirmActionButton } from "./confirm-action-button";
import { EmptyRow } from "./list-controls";
import { StatusBadge } from "./status-badge";

export type DeliveryRow = {
  id: string;
  event: string;
  url: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  nextAttemptAt: Date;
  createdAt: Date;
  /** Failing for over an hour: later events of its conversation went out before it. */
  outOfOrder?: boolean;
};

/** Forwarded events: where they went, what the destination said, and when the next retry is. */
export function DeliveryLog({
  deliveries,
  canManage,
  redeliverAction,
}: {
  deliveries: DeliveryRow[];
  canManage: boolean;
  redeliverAction: (input: unknown) => Promise<ActionResult<unknown>>;
}) {
  return (
    <Table aria-label="Deliveries" data-testid="delivery-log">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>URL</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Answer</TableHead>
          <TableHead className="text-right">Latency</TableHead>
          <TableHead className="text-right">Attempts</TableHead>
          <TableHead>Next retry</TableHead>
          {canManage ? <TableHead className="sr-only">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.length === 0 ? (
          <EmptyRow colSpan={canManage ? 9 : 8}>Nothing forwarded yet.</EmptyRow>
        ) : null}
        {deliveries.map((delivery) => (
          <TableRow key={delivery.id}>
            <TableCell className="whitespace-nowrap">
              <DateTime at={delivery.createdAt} />
            </TableCell>
            <TableCell className="font-mono text-xs">{delivery.event}</TableCell>
            <TableCell className="max-w-48 truncate font-mono text-xs" title={delivery.url}>
              {delivery.url}
            </TableCell>
            <TableCell>
              <span className="inline-flex flex-wrap items-center gap-1">
                <StatusBadge status={delivery.status} />
                {delivery.outOfOrder ? (
                  <Badge
                    variant="warning"
                    title="Failing for over an hour: later events of this conversation were delivered before it"
                  >
                    out of order
                  </Badge>
                ) : null}
              </span>
            </TableCell>
            <TableCell>
              {delivery.lastStatusCode
                ? `HTTP ${delivery.lastStatusCode}`
                : (delivery.lastError ?? "—")}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {delivery.lastLatencyMs !== null ? `${delivery.lastLatencyMs} ms` : "—"}
            </TableCell>
            <TableCell className="text-right tabular-nums">{delivery.attempts}</TableCell>
            <TableCell>
              {delivery.status === "pending" ? <When at={delivery.nextAttemptAt} /> : "—"}
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                {delivery.status === "delivering" ? null : (
                  <ConfirmActionButton
                    action={redeliverAction}
                    input={{ deliveryId: delivery.id }}
                    confirm="Send this event again now?"
                    label="Redeliver"
                    done="Queued for delivery"
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
