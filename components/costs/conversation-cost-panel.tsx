import { DateTime } from "@/components/format/when";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Scope } from "@/lib/auth/scope";
import { getConversationCosts } from "@/lib/costs/reports";
import { money } from "./cost-tables";

const bandLabels = {
  service: "Service window (24 h)",
  entry_point: "Free entry point (72 h)",
  conversation: "Conversation",
} as const;

/**
 * A conversation's cost panel: its windows as bands on a timeline, each API message with its price
 * and reason, app messages listed as free, and the total.
 */
export async function ConversationCostPanel({
  scope,
  channelId,
  contactId,
}: {
  scope: Scope;
  channelId: string;
  contactId: string;
}) {
  const { windows, verdicts, totalMicros, pending } = await getConversationCosts(scope, {
    channelId,
    contactId,
  });
  const times = [...windows.flatMap((w) => [w.start, w.end]), ...verdicts.map((v) => v.at)].map(
    (d) => d.getTime(),
  );
  const min = Math.min(...times);
  const span = Math.max(Math.max(...times) - min, 1);
  const pos = (at: Date) => `${(((at.getTime() - min) / span) * 100).toFixed(2)}%`;
  const api = verdicts.filter((v) => v.origin === "api");
  const app = verdicts.filter((v) => v.origin !== "api");
  return (
    <Card data-testid="conversation-cost-panel">
      <CardHeader>
        <CardTitle>Costs</CardTitle>
        <CardDescription>
          Total <span data-testid="conversation-total">{money(totalMicros)}</span>
          {pending ? " · new messages are being priced" : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        {windows.length > 0 ? (
          <div className="grid gap-1">
            {windows.map((w) => (
              <div
                key={`${w.kind}-${w.openedBy}-${w.start.toISOString()}`}
                className="grid gap-0.5"
              >
                <span className="text-xs text-muted-foreground">
                  {w.kind === "conversation" ? `${w.category} conversation` : bandLabels[w.kind]}:{" "}
                  <DateTime at={w.start} /> → <DateTime at={w.end} />
                </span>
                <div className="relative h-2 rounded bg-muted">
                  <div
                    className={`absolute h-2 rounded ${w.kind === "entry_point" ? "bg-blue-500" : w.kind === "service" ? "bg-green-500" : "bg-amber-500"}`}
                    style={{
                      left: pos(w.start),
                      width: `calc(${pos(w.end)} - ${pos(w.start)})`,
                    }}
                  />
                </div>
              </div>
            ))}
          </div>
        ) : (
          <p className="text-muted-foreground">No window open in this conversation.</p>
        )}
        <ul className="grid gap-2">
          {api.map((v) => (
            <li
              key={v.messageId}
              className="flex flex-wrap items-center gap-2"
              data-testid="api-cost"
            >
              <span className="text-xs text-muted-foreground">
                <DateTime at={v.at} />
              </span>
              {v.charged ? (
                <Badge variant="outline">
                  {v.amountMicros != null
                    ? money(v.amountMicros, v.currency ?? "USD")
                    : "no rate known"}
                </Badge>
              ) : (
                <Badge variant="secondary">free</Badge>
              )}
              <span>{v.reason}</span>
            </li>
          ))}
        </ul>
        {app.length > 0 ? (
          <p className="text-muted-foreground">
            {app.length} message{app.length === 1 ? "" : "s"} from the app or imported history:
            free.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
