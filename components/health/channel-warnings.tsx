import { ArrowDown, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { TableHead } from "@/components/ui/table";
import type { ChannelWarningSummary } from "@/lib/health/summary";
import { severities } from "@/lib/health/types";
import { listHref, type SearchParams } from "@/lib/partners/console-list";
import { SeverityBadge } from "./severity-badge";

/** The channel list's warnings cell: one badge per severity present, titles on hover. */
export function ChannelWarningsCell({ summary }: { summary: ChannelWarningSummary | undefined }) {
  if (!summary || summary.warnings.length === 0) {
    return <span className="text-muted-foreground">None</span>;
  }
  const ordered = [...severities].reverse();
  return (
    <span
      className="flex flex-wrap gap-1"
      title={summary.warnings.map((w) => w.title).join("\n")}
      data-worst-severity={summary.worst ?? "none"}
    >
      {ordered
        .filter((s) => summary.counts[s] > 0)
        .map((s) => (
          <SeverityBadge key={s} severity={s} count={summary.counts[s]} />
        ))}
    </span>
  );
}

/** The "Warnings" header: toggles the severity sort (`?order=severity`). */
export function SeveritySortHead({ basePath, params }: { basePath: string; params: SearchParams }) {
  const active = params.order === "severity";
  const Icon = active ? ArrowDown : ArrowUpDown;
  return (
    <TableHead aria-sort={active ? "descending" : "none"}>
      <Link
        href={listHref(basePath, params, { order: active ? undefined : "severity" })}
        className="inline-flex items-center gap-1 hover:text-foreground"
      >
        Warnings
        <Icon className="size-3" aria-hidden />
      </Link>
    </TableHead>
  );
}
