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
import type { Scope } from "@/lib/auth/scope";
import { getChannelCostReport } from "@/lib/costs/reports";
import { formatEnum, formatPhone } from "@/lib/format";
import { CostChart } from "./cost-chart";
import { CategoryBreakdown, chartPoints, money, PeriodTable } from "./cost-tables";
import { PricingDisagreements } from "./pricing-disagreements";

/**
 * The channel page's Costs tab: month to date, month by month, conversations, messages, CSV;
 * for admins (owners), where Meta's pricing disagreed with the engine.
 */
export async function ChannelCostsTab({
  scope,
  channelId,
  isAdmin = false,
}: {
  scope: Scope;
  channelId: string;
  isAdmin?: boolean;
}) {
  const { from, months, current, days, conversations, latest, disagreements } =
    await getChannelCostReport(scope, { channelId, withDisagreements: isAdmin });
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Month to date</CardTitle>
          <CardDescription>
            {current ? (
              <span data-testid="month-total">{money(current.amountMicros, current.currency)}</span>
            ) : (
              "Nothing priced this month yet."
            )}{" "}
            · Priced under the rules in force on each message's date (UTC). New messages are priced
            within seconds.{" "}
            <a
              className="underline"
              href={`/costs/export?channel_id=${channelId}&from=${from.toISOString().slice(0, 10)}`}
            >
              Export CSV
            </a>
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <CategoryBreakdown summary={current} />
          <CostChart data={chartPoints(days)} currency={current?.currency ?? "USD"} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Month by month</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <CostChart data={chartPoints(months)} currency={months[0]?.currency ?? "USD"} />
          <PeriodTable summaries={months} label="Costs by month" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Most expensive conversations this month</CardTitle>
        </CardHeader>
        <CardContent>
          {conversations.length === 0 ? (
            <p className="text-sm text-muted-foreground">No charged conversation this month.</p>
          ) : (
            <Table aria-label="Most expensive conversations">
              <TableHeader>
                <TableRow>
                  <TableHead>Customer</TableHead>
                  <TableHead className="text-right">Messages</TableHead>
                  <TableHead className="text-right">Charged</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {conversations.map((c) => (
                  <TableRow key={c.contactId}>
                    <TableCell>
                      {formatPhone(c.waId)} {c.name ? `· ${c.name}` : ""}
                    </TableCell>
                    <TableCell className="text-right">{c.messages}</TableCell>
                    <TableCell className="text-right">{c.charged}</TableCell>
                    <TableCell className="text-right">{money(c.amountMicros)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      {disagreements ? <PricingDisagreements {...disagreements} /> : null}
      <Card>
        <CardHeader>
          <CardTitle>Messages this month</CardTitle>
          <CardDescription>
            The latest 100 outbound messages with their price and why.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Priced messages">
            <TableHeader>
              <TableRow>
                <TableHead>When (UTC)</TableHead>
                <TableHead>To</TableHead>
                <TableHead>From</TableHead>
                <TableHead>Price</TableHead>
                <TableHead>Why</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {latest.map((m) => (
                <TableRow key={m.messageId} data-testid="priced-message">
                  <TableCell>
                    <DateTime at={m.at} />
                  </TableCell>
                  <TableCell>{formatPhone(m.customerWaId)}</TableCell>
                  <TableCell>{formatEnum(m.origin)}</TableCell>
                  <TableCell>
                    {m.charged ? (
                      <Badge variant="outline">
                        {m.amountMicros != null
                          ? money(m.amountMicros, m.currency ?? "USD")
                          : "charged, no rate known"}
                      </Badge>
                    ) : (
                      <Badge variant="secondary">free</Badge>
                    )}
                  </TableCell>
                  <TableCell>{m.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
