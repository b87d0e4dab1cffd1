import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatPhone } from "@/lib/format";
import type { NeedsAttention } from "@/lib/health/summary";
import { SeverityBadge } from "./severity-badge";

const LISTED = 6;

const channelsWord = (n: number) => (n === 1 ? "channel" : "channels");

/**
 * The Overview's "Needs attention" card. Every number in its header counts channels: the headline
 * (`stat-needs-attention-value`) is the channels with a critical or warning, and the badges split
 * those same channels by their worst warning, so they add up to it. The list below is of warnings.
 */
export function NeedsAttentionCard({
  attention,
  className,
}: {
  attention: NeedsAttention;
  className?: string;
}) {
  const { channels, byWorst, nearCut, warnings } = attention;
  return (
    <Card className={className} data-testid="stat-needs-attention">
      <CardHeader>
        <CardTitle>Needs attention</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-2">
          <span>
            <span
              data-testid="stat-needs-attention-value"
              className="font-semibold text-foreground tabular-nums"
            >
              {channels}
            </span>{" "}
            {channels === 0
              ? "channels have a critical or warning."
              : `${channelsWord(channels)}, by worst warning:`}
          </span>
          {byWorst.critical ? (
            <span data-testid="stat-needs-attention-critical">
              <SeverityBadge severity="critical" count={byWorst.critical} />
            </span>
          ) : null}
          {byWorst.warning ? (
            <span data-testid="stat-needs-attention-warning">
              <SeverityBadge severity="warning" count={byWorst.warning} />
            </span>
          ) : null}
          {nearCut ? (
            <span data-testid="stat-needs-attention-near-cut">
              {nearCut} {channelsWord(nearCut)} near Meta's 14-day cut
            </span>
          ) : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {warnings.length === 0 ? null : (
          <ul className="divide-y rounded-md border" aria-label="Warnings, most severe first">
            {warnings.slice(0, LISTED).map(({ channel, warning: w }) => (
              // A channel can hold two warnings of one id (Meta account alerts, one per type).
              <li key={`${channel.id}-${w.id}-${w.title}`}>
                <Link
                  href={`/channels/${channel.id}/health`}
                  className="flex items-center gap-3 p-3 text-sm hover:bg-muted/50"
                >
                  <SeverityBadge severity={w.severity} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{w.title}</span>
                    <span className="block truncate text-muted-foreground text-xs">
                      {formatPhone(channel.displayPhoneNumber)}
                    </span>
                  </span>
                  <ArrowRight aria-hidden className="size-4 text-muted-foreground" />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {warnings.length > LISTED ? (
          <Link href="/channels?order=severity" className="mt-2 inline-block text-sm underline">
            All {warnings.length} warnings
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}
