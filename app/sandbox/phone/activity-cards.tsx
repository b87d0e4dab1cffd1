import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { Delivery, NumberDetail } from "./control-api";

/** A customer who hides the number shows as "@username"; the others by their number. */
const customerShown = (label: string) => (label.startsWith("@") ? label : `+${label}`);

/** What the number's customers and app have said since onboarding (the sandbox's own record). */
export function LiveMessagesCard({ messages }: { messages: NumberDetail["messages"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Live messages</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="space-y-1 text-sm">
          {messages.map((m) => (
            <li
              key={m.wamid}
              className={m.direction === "inbound" ? "" : "text-right"}
              data-testid="live-message"
              data-direction={m.direction}
            >
              <span className="text-xs text-muted-foreground">
                {m.direction} · {customerShown(m.customer)} · {new Date(m.at).toLocaleTimeString()}
              </span>
              <br />
              {(m.content.text as { body?: string } | undefined)?.body ?? `[${m.type}]`}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

/** The webhooks the sandbox sent the hub for this number, with each attempt's answer. */
export function DeliveriesCard({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Webhook deliveries</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="space-y-1 font-mono text-xs">
          {deliveries.map((d) => (
            <li key={d.id}>
              #{d.id} {d.fields.join(",")} · {d.status} ·{" "}
              {d.attempts.map((a) => a.status ?? a.error).join(" → ") || "queued"}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
