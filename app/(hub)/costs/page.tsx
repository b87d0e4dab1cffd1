import type { Metadata } from "next";
import Link from "next/link";
import { CostChart } from "@/components/costs/cost-chart";
import { chartPoints, money } from "@/components/costs/cost-tables";
import { PricingDisagreements } from "@/components/costs/pricing-disagreements";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requireCaller } from "@/lib/auth/session";
import {
  type ClientCostRow,
  getCostBreakdown,
  listClientCosts,
  listPricingDisagreements,
  summarise,
} from "@/lib/costs/reports";
import { firstParam, type SearchParams } from "@/lib/partners/console-list";

export const metadata: Metadata = { title: "Costs" };

const columns = [
  { id: "name", label: "Client", get: (r: ClientCostRow) => r.clientName.toLowerCase() },
  { id: "channels", label: "Channels", get: (r: ClientCostRow) => r.channels },
  {
    id: "messages",
    label: "Messages this month",
    get: (r: ClientCostRow) => r.monthToDateMessages,
  },
  { id: "charged", label: "Charged this month", get: (r: ClientCostRow) => r.monthToDateCharged },
  { id: "mtd", label: "Month to date", get: (r: ClientCostRow) => r.monthToDateMicros },
  { id: "total", label: "All time", get: (r: ClientCostRow) => r.totalMicros },
] as const;

export default async function CostsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireCaller();
  const params = await searchParams;
  const sortParam = firstParam(params, "sort") ?? "-mtd";
  const descending = sortParam.startsWith("-");
  const column = columns.find((c) => c.id === sortParam.replace(/^-/, "")) ?? columns[4];
  const [clients, byMonth, disagreements] = await Promise.all([
    listClientCosts({ partnerId: caller.partnerId }),
    getCostBreakdown({ partnerId: caller.partnerId, groupBy: "month" }),
    // Admins (owners) only: a quality check on the pricing rules.
    caller.role === "owner" ? listPricingDisagreements({ partnerId: caller.partnerId }) : null,
  ]);
  const sorted = [...clients].sort((a, b) => {
    const x = column.get(a);
    const y = column.get(b);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
  const months = summarise(byMonth);
  const thisMonth = new Date().toISOString().slice(0, 7);
  const current = months.find((m) => m.period === thisMonth);
  return (
    <>
      <PageHeader
        title="Costs"
        description={`Month to date: ${money(current?.amountMicros ?? 0)} across all clients. Priced under Meta's rules in force on each message's date.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>Clients</CardTitle>
        </CardHeader>
        <CardContent>
          <Table aria-label="Client costs">
            <TableHeader>
              <TableRow>
                {columns.map((c) => {
                  const next = column.id === c.id && !descending ? `-${c.id}` : c.id;
                  return (
                    <TableHead key={c.id} className={c.id === "name" ? "" : "text-right"}>
                      <Link href={`/costs?sort=${next}`} className="hover:underline">
                        {c.label}
                        {column.id === c.id ? (descending ? " ↓" : " ↑") : ""}
                      </Link>
                    </TableHead>
                  );
                })}
              </TableRow>
            </TableHeader>
            <TableBody>
              {sorted.map((r) => (
                <TableRow key={r.clientId}>
                  <TableCell>
                    <Link href={`/clients/${r.clientId}`} className="hover:underline">
                      {r.clientName}
                    </Link>
                  </TableCell>
                  <TableCell className="text-right">{r.channels}</TableCell>
                  <TableCell className="text-right">{r.monthToDateMessages}</TableCell>
                  <TableCell className="text-right">{r.monthToDateCharged}</TableCell>
                  <TableCell className="text-right font-mono">
                    {money(r.monthToDateMicros)}
                  </TableCell>
                  <TableCell className="text-right font-mono">{money(r.totalMicros)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Month by month</CardTitle>
        </CardHeader>
        <CardContent>
          <CostChart data={chartPoints(months)} currency="USD" />
        </CardContent>
      </Card>
      {disagreements ? <PricingDisagreements {...disagreements} showChannel /> : null}
    </>
  );
}
