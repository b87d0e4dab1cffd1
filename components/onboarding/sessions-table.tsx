import { formatDistanceStrict } from "date-fns";
import Link from "next/link";
import { DateTime } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { formatPhone } from "@/lib/format";
import type { OnboardingListItem } from "@/lib/onboarding/sessions";

const statusVariant: Record<
  string,
  "default" | "secondary" | "destructive" | "warning" | "outline"
> = {
  completed: "default",
  in_progress: "secondary",
  popup_opened: "secondary",
  eligible: "outline",
  ineligible: "warning",
  cancelled: "warning",
  errored: "destructive",
  failed: "destructive",
  needs_restart: "destructive",
};

type Props = {
  items: OnboardingListItem[];
  page: number;
  pageSize: number;
  total: number;
  days: number;
};

export function SessionsTable({ items, page, pageSize, total, days }: Props) {
  if (items.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No onboarding sessions yet. Share your link with a client.
      </p>
    );
  }
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="grid gap-3">
      <ScrollRegion label="Onboarding sessions" className="overflow-x-auto">
        <table
          className="w-full text-sm"
          aria-label="Onboarding sessions"
          data-testid="onboarding-sessions"
        >
          <thead className="text-left text-muted-foreground">
            <tr className="border-b">
              <th className="py-2 pr-3 font-medium">Started</th>
              <th className="py-2 pr-3 font-medium">Number</th>
              <th className="py-2 pr-3 font-medium">Your id</th>
              <th className="py-2 pr-3 font-medium">Outcome</th>
              <th className="py-2 pr-3 font-medium">Reached</th>
              <th className="py-2 pr-3 font-medium">Problem</th>
              <th className="py-2 font-medium">Duration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className="border-b last:border-0">
                <td className="py-2 pr-3 whitespace-nowrap">
                  <DateTime at={item.createdAt} />
                </td>
                <td className="py-2 pr-3 tabular-nums">
                  {item.number ? formatPhone(item.number) : "–"}
                </td>
                <td className="py-2 pr-3">{item.partnerPayload ?? "–"}</td>
                <td className="py-2 pr-3">
                  <Badge variant={statusVariant[item.status] ?? "outline"}>
                    {item.status.replace("_", " ")}
                  </Badge>
                </td>
                <td className="py-2 pr-3">
                  <code className="text-xs">{item.reachedStep}</code>
                </td>
                <td className="max-w-64 py-2 pr-3 text-xs">
                  {item.cancelStep ? `cancelled at ${item.cancelStep}` : (item.errorMessage ?? "")}
                  {item.errorId ? ` (error ${item.errorId})` : ""}
                </td>
                <td className="py-2 whitespace-nowrap">
                  {item.completedAt ? formatDistanceStrict(item.completedAt, item.createdAt) : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {page > 1 ? (
            <Link href={`/onboarding?days=${days}&page=${page - 1}`}>Previous</Link>
          ) : null}
          <span className="text-muted-foreground">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link href={`/onboarding?days=${days}&page=${page + 1}`}>Next</Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
