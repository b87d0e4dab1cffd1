import { DateTime } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { PricingDisagreementRow } from "@/lib/costs/reports";
import { formatPhone } from "@/lib/format";

function verdict(v: { charged: boolean; category: string; model: string }) {
  return `${v.charged ? "charged" : "free"} · ${v.category} · ${v.model}`;
}

/**
 * Admins only: the messages where Meta's pricing object disagreed with the engine's prediction.
 * Meta's answer is what the costs use; each row says what differed, to check the rules against.
 */
export function PricingDisagreements({
  count,
  rows,
  showChannel = false,
}: {
  count: number;
  rows: PricingDisagreementRow[];
  showChannel?: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Where Meta disagreed</CardTitle>
        <CardDescription>
          <span data-testid="disagreement-count">{count}</span>{" "}
          {count === 1 ? "message" : "messages"} where Meta's pricing differed from the hub's
          prediction; the costs follow Meta.{" "}
          {count > rows.length ? `The latest ${rows.length} are listed.` : ""} Visible to admins
          only.
        </CardDescription>
      </CardHeader>
      {rows.length > 0 ? (
        <CardContent>
          <Table aria-label="Pricing disagreements">
            <TableHeader>
              <TableRow>
                <TableHead>When (UTC)</TableHead>
                {showChannel ? <TableHead>Channel</TableHead> : null}
                <TableHead>To</TableHead>
                <TableHead>Message</TableHead>
                <TableHead>Hub predicted</TableHead>
                <TableHead>Meta said</TableHead>
                <TableHead>Differs in</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.messageId} data-testid="disagreement">
                  <TableCell>
                    <DateTime at={r.at} />
                  </TableCell>
                  {showChannel ? (
                    <TableCell>
                      {formatPhone(r.channelNumber)} · {r.clientName}
                    </TableCell>
                  ) : null}
                  <TableCell>{formatPhone(r.customerWaId)}</TableCell>
                  <TableCell className="max-w-64 truncate" title={r.wamid ?? undefined}>
                    {r.type}
                    {r.text ? `: ${r.text}` : ""}
                  </TableCell>
                  <TableCell title={r.engine.reason}>{verdict(r.engine)}</TableCell>
                  <TableCell>
                    {verdict(r.meta)}
                    {r.meta.type ? ` (${r.meta.type})` : ""}
                  </TableCell>
                  <TableCell className="space-x-1">
                    {r.fields.map((f) => (
                      <Badge key={f} variant="outline">
                        {f}
                      </Badge>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      ) : null}
    </Card>
  );
}
