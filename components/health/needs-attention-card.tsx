import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Scope } from "@/lib/auth/scope";
import { getAttentionCounts } from "@/lib/health/summary";
import { SeverityBadge } from "./severity-badge";

/** The Overview's "Needs attention": channels counted by their worst warning. */
export async function NeedsAttentionCard({ scope }: { scope: Scope }) {
  const counts = await getAttentionCounts(scope);
  const total = counts.critical + counts.warning;
  return (
    <Card data-testid="stat-needs-attention">
      <CardHeader>
        <CardDescription>Needs attention</CardDescription>
        <CardTitle className="text-3xl tabular-nums" data-testid="stat-needs-attention-value">
          {total}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        {total === 0 ? (
          "no channel has a warning"
        ) : (
          <>
            {counts.critical > 0 ? (
              <SeverityBadge severity="critical" count={counts.critical} />
            ) : null}
            {counts.warning > 0 ? (
              <SeverityBadge severity="warning" count={counts.warning} />
            ) : null}
            <Link href="/channels?order=severity" className="underline">
              See channels
            </Link>
          </>
        )}
      </CardContent>
    </Card>
  );
}
