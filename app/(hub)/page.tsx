import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { OriginLabel } from "@/components/chats/origin-label";
import { money } from "@/components/costs/cost-tables";
import { When } from "@/components/format/when";
import { NeedsAttentionCard } from "@/components/health/needs-attention-card";
import { MessagesChart } from "@/components/partners/messages-chart";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePartnerScope } from "@/lib/auth/scope";
import { requireCaller } from "@/lib/auth/session";
import { getNeedsAttention } from "@/lib/health/summary";
import {
  getFunnelBrief,
  getMessagesPerDay,
  getMonthSpend,
  listRecentActivity,
} from "@/lib/partners/dashboard";
import { getPartnerCounts } from "@/lib/partners/overview";

export const metadata: Metadata = { title: "Overview" };

function spendChange(current: number, previous: number) {
  if (previous === 0)
    return current === 0 ? "no spend last month either" : "no spend by this day last month";
  const pct = Math.round(((current - previous) / previous) * 100);
  return `${pct > 0 ? "+" : ""}${pct}% on last month by this day`;
}

export default async function OverviewPage() {
  const caller = await requireCaller("portal");
  // The overview is partner-wide; a client user's home is the list of its own channels.
  if (caller.scope.role === "client") redirect("/channels");
  const scope = requirePartnerScope(caller.scope);
  const [counts, attention, perDay, spend, funnel, recent] = await Promise.all([
    getPartnerCounts(scope),
    getNeedsAttention(scope),
    getMessagesPerDay(scope),
    getMonthSpend(scope),
    getFunnelBrief(scope),
    listRecentActivity(scope),
  ]);
  const stats = [
    {
      id: "clients",
      label: "Clients",
      value: counts.clients,
      hint: "businesses you onboard",
      href: "/clients",
    },
    {
      id: "channels",
      label: "Channels",
      value: counts.channels,
      hint: "WhatsApp numbers",
      href: "/channels",
    },
    {
      id: "connected",
      label: "Connected",
      value: counts.connectedChannels,
      hint: "channels live on the Cloud API",
      href: "/channels?status=connected",
    },
  ];
  const started = funnel.stages[0]?.clients ?? 0;
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Everything ${caller.partnerName} runs on WhatsApp Coexistence`}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((stat) => (
          <Card key={stat.id} data-testid={`stat-${stat.id}`}>
            <CardHeader>
              <CardDescription>
                <Link href={stat.href} className="hover:underline">
                  {stat.label}
                </Link>
              </CardDescription>
              <CardTitle className="text-3xl tabular-nums" data-testid={`stat-${stat.id}-value`}>
                {stat.value}
              </CardTitle>
            </CardHeader>
            <CardContent className="text-muted-foreground text-xs">{stat.hint}</CardContent>
          </Card>
        ))}
        <Card data-testid="stat-spend">
          <CardHeader>
            <CardDescription>
              <Link href="/costs" className="hover:underline">
                Spend this month
              </Link>
            </CardDescription>
            <CardTitle className="text-3xl tabular-nums">
              {money(spend.thisMonth, spend.currency)}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-muted-foreground text-xs">
            {spendChange(spend.thisMonth, spend.lastMonthToDate)} · last month{" "}
            {money(spend.lastMonth, spend.currency)}
          </CardContent>
        </Card>
      </div>

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <NeedsAttentionCard className="lg:col-span-2" attention={attention} />

        <Card data-testid="funnel-brief">
          <CardHeader>
            <CardTitle>Onboarding, last 30 days</CardTitle>
            <CardDescription>
              Clients, with attempts beside (a retry is the same client).
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            {funnel.stages.map((stage) => {
              const share = started > 0 ? Math.round((stage.clients / started) * 100) : 0;
              return (
                <div
                  key={stage.id}
                  className="grid gap-1 text-sm"
                  data-testid={`brief-${stage.id}`}
                >
                  <div className="flex justify-between gap-2">
                    <span>{stage.label}</span>
                    <span className="tabular-nums">
                      <strong>{stage.clients}</strong>
                      <span className="text-muted-foreground">
                        {" "}
                        client{stage.clients === 1 ? "" : "s"} · {stage.attempts} attempt
                        {stage.attempts === 1 ? "" : "s"}
                      </span>
                    </span>
                  </div>
                  <span className="h-2 rounded bg-muted" aria-hidden>
                    <span className="block h-2 rounded bg-primary" style={{ width: `${share}%` }} />
                  </span>
                </div>
              );
            })}
            <Link href="/onboarding" className="text-sm underline">
              Onboarding links and sessions
            </Link>
          </CardContent>
        </Card>
      </div>

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Messages per day</CardTitle>
            <CardDescription>Last 14 days by origin (UTC days)</CardDescription>
          </CardHeader>
          <CardContent>
            <MessagesChart data={perDay} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Recent activity</CardTitle>
            <CardDescription>Newest live messages</CardDescription>
          </CardHeader>
          <CardContent>
            {recent.length === 0 ? (
              <p className="text-muted-foreground text-sm">No live messages yet.</p>
            ) : (
              <ul className="grid gap-3" aria-label="Recent messages">
                {recent.map((m) => (
                  <li key={m.id} className="grid gap-0.5 text-sm">
                    <div className="flex items-center gap-2">
                      <OriginLabel origin={m.origin} />
                      <Link
                        href={`/channels/${m.channelId}/chats/${m.contactId}`}
                        className="min-w-0 flex-1 truncate font-medium hover:underline"
                      >
                        {m.contactName}
                      </Link>
                      <span className="shrink-0 text-muted-foreground text-xs">
                        <When at={m.at} />
                      </span>
                    </div>
                    <p className="truncate text-muted-foreground text-xs">
                      {m.text ?? `[${m.type}]`} {m.channelName ? `· ${m.channelName}` : ""}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
