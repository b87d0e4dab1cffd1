import type { Metadata } from "next";
import { NeedsAttentionCard } from "@/components/health/needs-attention-card";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { getPartnerCounts } from "@/lib/partners/overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const caller = await requireCaller();
  const counts = await getPartnerCounts({ partnerId: caller.partnerId });
  const stats = [
    { id: "clients", label: "Clients", value: counts.clients, hint: "businesses you onboard" },
    { id: "channels", label: "Channels", value: counts.channels, hint: "WhatsApp numbers" },
    {
      id: "connected",
      label: "Connected",
      value: counts.connectedChannels,
      hint: "channels live on the Cloud API",
    },
  ];
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Everything ${caller.partnerName} runs on WhatsApp Coexistence`}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {stats.map((stat) => (
          <Card key={stat.id} data-testid={`stat-${stat.id}`}>
            <CardHeader>
              <CardDescription>{stat.label}</CardDescription>
              <CardTitle className="text-3xl tabular-nums" data-testid={`stat-${stat.id}-value`}>
                {stat.value}
              </CardTitle>
            </CardHeader>
            <CardContent className="text-xs text-muted-foreground">{stat.hint}</CardContent>
          </Card>
        ))}
        <NeedsAttentionCard partnerId={caller.partnerId} />
      </div>
    </>
  );
}
