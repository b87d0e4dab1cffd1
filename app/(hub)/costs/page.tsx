import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ClientCostsSection } from "@/components/costs/client-costs-section";
import { rangePresets } from "@/components/costs/cost-range";
import { money } from "@/components/costs/cost-tables";
import { PricingDisagreements } from "@/components/costs/pricing-disagreements";
import { SpendChart, type SpendDay } from "@/components/costs/spend-chart";
import { SpendTable } from "@/components/costs/spend-table";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { requireCaller } from "@/lib/auth/session";
import { listChannelCostsInRange, listClientCostsInRange } from "@/lib/costs/partner-report";
import { getCostBreakdown, listPricingDisagreements, summarise } from "@/lib/costs/reports";
import { formatDay, formatEnum, formatPhone } from "@/lib/format";
import type { SearchParams } from "@/lib/partners/console-list";
import { cn } from "@/lib/utils";
import { parseCostsSearch } from "./search-params";

export const metadata: Metadata = { title: "Costs" };

const CATEGORY_ORDER = [
  "marketing",
  "utility",
  "authentication",
  "authentication_international",
  "service",
];

function change(current: number, previous: number) {
  if (previous === 0)
    return current === 0 ? "same as the previous period" : "nothing the period before";
  const pct = Math.round(((current - previous) / previous) * 100);
  return pct === 0
    ? "same as the previous period"
    : `${pct > 0 ? "+" : ""}${pct}% on the previous period`;
}

export default async function CostsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Client users get their own client's view (the scope narrows every read): by channel and by
  // month rather than by client, and no pricing-rule checks.
  const caller = await requireCaller("portal");
  const { scope } = caller;
  const isClientUser = scope.role === "client";
  const range = parseCostsSearch(await searchParams);
  const [daily, previous, clients, channelCosts, disagreements] = await Promise.all([
    getCostBreakdown(scope, {
      from: new Date(`${range.from}T00:00:00Z`),
      to: new Date(`${range.toExclusive}T00:00:00Z`),
      groupBy: "day",
    }),
    getCostBreakdown(scope, {
      from: new Date(`${range.previous.from}T00:00:00Z`),
      to: new Date(`${range.previous.toExclusive}T00:00:00Z`),
      groupBy: "month",
    }),
    isClientUser
      ? null
      : listClientCostsInRange(scope, { from: range.from, to: range.toExclusive }),
    isClientUser
      ? listChannelCostsInRange(scope, { from: range.from, to: range.toExclusive })
      : null,
    // Admins (owners) only: a quality check on the pricing rules.
    caller.role === "owner" ? listPricingDisagreements(scope) : null,
  ]);
  const days = summarise(daily);
  const total = days.reduce(
    (sum, d) => ({
      micros: sum.micros + d.amountMicros,
      charged: sum.charged + d.charged,
      free: sum.free + d.free,
    }),
    { micros: 0, charged: 0, free: 0 },
  );
  const before = summarise(previous).reduce((sum, p) => sum + p.amountMicros, 0);
  const currency = days[0]?.currency ?? "USD";
  const categories = [
    ...new Set(
      days.flatMap((d) =>
        Object.keys(d.byCategory).filter((c) => d.byCategory[c]!.amountMicros > 0),
      ),
    ),
  ].sort((a, b) => {
    const x = CATEGORY_ORDER.indexOf(a);
    const y = CATEGORY_ORDER.indexOf(b);
    return (x < 0 ? 99 : x) - (y < 0 ? 99 : y);
  });
  const byDay = new Map(days.map((d) => [d.period, d]));
  const chart: SpendDay[] = range.days.map((day) => {
    const point: SpendDay = { day };
    for (const category of categories) {
      point[category] = byDay.get(day)?.byCategory[category]?.amountMicros ?? 0;
    }
    return point;
  });
  const byCategory = categories.map((category) => ({
    category,
    micros: days.reduce((sum, d) => sum + (d.byCategory[category]?.amountMicros ?? 0), 0),
    charged: days.reduce((sum, d) => sum + (d.byCategory[category]?.charged ?? 0), 0),
  }));
  const stats = [
    {
      id: "spend",
      label: "Spend",
      value: money(total.micros, currency),
      hint: change(total.micros, before),
    },
    {
      id: "charged",
      label: "Charged messages",
      value: total.charged.toLocaleString("en-US"),
      hint: "templates Meta bills (marketing, utility, authentication)",
    },
    {
      id: "free",
      label: "Free messages",
      value: total.free.toLocaleString("en-US"),
      hint: "service replies, app messages, history and free entry points",
    },
  ];
  return (
    <>
      <PageHeader
        title="Costs"
        description={`What ${isClientUser ? "your" : "your clients'"} WhatsApp messages cost, ${formatDay(range.from)} to ${formatDay(range.to)} (UTC days), priced under Meta's rules in force on each message's date.`}
      >
        <Button asChild variant="outline">
          <a href={`/costs/export?from=${range.from}&to=${range.toExclusive}`} download>
            <Download aria-hidden />
            Export CSV
          </a>
        </Button>
      </PageHeader>

      <form className="mb-4 flex flex-wrap items-end gap-2" aria-label="Date range" method="get">
        <nav aria-label="Preset ranges" className="flex gap-1 rounded-md border p-1">
          {rangePresets.map((preset) => (
            <Link
              key={preset.id}
              href={`/costs?range=${preset.id}`}
              aria-current={range.preset === preset.id ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1 text-sm",
                range.preset === preset.id
                  ? "bg-primary text-primary-foreground"
                  : "text-muted-foreground hover:bg-accent hover:text-foreground",
              )}
            >
              {preset.label}
            </Link>
          ))}
        </nav>
        <div className="grid gap-1">
          <Label htmlFor="costs-from" className="text-xs">
            From
          </Label>
          <Input
            id="costs-from"
            name="from"
            type="date"
            defaultValue={range.from}
            className="w-40"
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="costs-to" className="text-xs">
            To
          </Label>
          <Input id="costs-to" name="to" type="date" defaultValue={range.to} className="w-40" />
        </div>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </form>

      <div className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <Card key={stat.id} data-testid={`costs-${stat.id}`}>
            <CardHeader>
              <CardDescription>{stat.label}</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{stat.value}</CardTitle>
            </CardHeader>
            <CardContent className="text-muted-foreground text-xs">{stat.hint}</CardContent>
          </Card>
        ))}
      </div>

      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Spend per day by category</CardTitle>
          <CardDescription>
            {byCategory.length === 0
              ? "No charged messages in this range."
              : byCategory.map((c, i) => (
                  <span key={c.category}>
                    {i > 0 ? " · " : ""}
                    {formatEnum(c.category)} {money(c.micros, currency)} ({c.charged})
                  </span>
                ))}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SpendChart data={chart} categories={categories} currency={currency} />
        </CardContent>
      </Card>

      {channelCosts ? (
        <SpendTable
          title="By channel"
          firstColumn="Number"
          rows={channelCosts.map((r) => ({
            ...r,
            key: r.channelId,
            label: (
              <>
                <Link href={`/channels/${r.channelId}/costs`} className="hover:underline">
                  {formatPhone(r.displayPhoneNumber)}
                </Link>
                {r.verifiedName ? ` · ${r.verifiedName}` : null}
              </>
            ),
          }))}
        />
      ) : null}
      {isClientUser && scope.clientId ? (
        <div className="mt-4">
          <ClientCostsSection scope={scope} clientId={scope.clientId} />
        </div>
      ) : null}

      {clients ? (
        <SpendTable
          title="By client"
          firstColumn="Client"
          withChannels
          rows={clients.map((r) => ({
            ...r,
            key: r.clientId,
            label: (
              <Link href={`/clients/${r.clientId}`} className="hover:underline">
                {r.clientName}
              </Link>
            ),
          }))}
        />
      ) : null}
      {disagreements ? (
        <div className="mt-4">
          <PricingDisagreements {...disagreements} showChannel />
        </div>
      ) : null}
      <p className="mt-4 text-muted-foreground text-xs">
        Amounts show two decimals; hover one for every digit.
      </p>
    </>
  );
}
