import { Money } from "@/components/format/money";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { PeriodSummary } from "@/lib/costs/reports";
import { formatEnum } from "@/lib/format";
import type { CostChartPoint } from "./cost-chart";

export const freeLabels: Record<string, string> = {
  app: "sent from the app",
  window: "inside the service window",
  entry_point: "free entry point",
  free_tier: "monthly free allowance",
  in_conversation: "inside an open conversation",
  not_delivered: "not delivered",
  history: "imported history",
};

/** An amount with two decimals, every stored digit on hover (the one money format). */
export function money(micros: number, currency: string | null | undefined = "USD") {
  return <Money micros={micros} currency={currency ?? "USD"} />;
}

export function chartPoints(summaries: readonly PeriodSummary[]): CostChartPoint[] {
  return summaries.map((s) => ({
    period: s.period,
    charged: s.charged,
    free: s.free,
    amount: s.amountMicros / 1_000_000,
  }));
}

/** One row per period: messages, charged, free, amount. */
export function PeriodTable({ summaries, label }: { summaries: PeriodSummary[]; label: string }) {
  if (summaries.length === 0) {
    return <p className="text-sm text-muted-foreground">No priced messages yet.</p>;
  }
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Period</TableHead>
          <TableHead className="text-right">Messages</TableHead>
          <TableHead className="text-right">Charged</TableHead>
          <TableHead className="text-right">Free</TableHead>
          <TableHead className="text-right">Amount</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {summaries.map((s) => (
          <TableRow key={s.period}>
            <TableCell>{s.period}</TableCell>
            <TableCell className="text-right">{s.messages}</TableCell>
            <TableCell className="text-right">{s.charged}</TableCell>
            <TableCell className="text-right">{s.free}</TableCell>
            <TableCell className="text-right">
              {money(s.amountMicros, s.currency)}
              {s.noRate > 0 ? ` + ${s.noRate} with no rate known` : ""}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Counts and amounts by category, and the free messages by why they were free. */
export function CategoryBreakdown({ summary }: { summary: PeriodSummary | undefined }) {
  if (!summary) return <p className="text-sm text-muted-foreground">Nothing this month yet.</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Table aria-label="By category">
        <TableHeader>
          <TableRow>
            <TableHead>Category</TableHead>
            <TableHead className="text-right">Messages</TableHead>
            <TableHead className="text-right">Charged</TableHead>
            <TableHead className="text-right">Amount</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {Object.entries(summary.byCategory).map(([category, c]) => (
            <TableRow key={category}>
              <TableCell>{formatEnum(category)}</TableCell>
              <TableCell className="text-right">{c.messages}</TableCell>
              <TableCell className="text-right">{c.charged}</TableCell>
              <TableCell className="text-right">
                {money(c.amountMicros, summary.currency)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="grid content-start gap-2 text-sm" data-testid="why-free">
        <p className="font-medium">Charged versus free</p>
        <p>
          <Badge variant="outline">{summary.charged} charged</Badge>{" "}
          <Badge variant="secondary">{summary.free} free</Badge>
        </p>
        <ul className="grid gap-1">
          {Object.entries(summary.freeBy).map(([why, count]) => (
            <li key={why}>
              {count} free: {freeLabels[why] ?? why}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
