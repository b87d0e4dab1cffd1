import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Scope } from "@/lib/auth/scope";
import { getCostBreakdown, summarise } from "@/lib/costs/reports";
import { CostChart } from "./cost-chart";
import { CategoryBreakdown, chartPoints, money, PeriodTable } from "./cost-tables";

/** The client page's cost section: month to date and month by month over all its channels. */
export async function ClientCostsSection({ scope, clientId }: { scope: Scope; clientId: string }) {
  const months = summarise(await getCostBreakdown(scope, { clientId, groupBy: "month" }));
  const current = months.find((m) => m.period === new Date().toISOString().slice(0, 7));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Costs</CardTitle>
        <CardDescription>
          Month to date: {money(current?.amountMicros ?? 0, current?.currency)} over this client's
          channels.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <CategoryBreakdown summary={current} />
        <CostChart data={chartPoints(months)} currency={current?.currency ?? "USD"} />
        <PeriodTable summaries={months} label="Client costs by month" />
      </CardContent>
    </Card>
  );
}
