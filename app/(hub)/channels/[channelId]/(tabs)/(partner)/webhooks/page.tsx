import { DeliveryLog } from "@/components/partners/delivery-log";
import { ChannelWebhookForm, TestEventButton } from "@/components/partners/webhook-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { listDeliveries } from "@/lib/forwarding/delivery-log";
import { getChannelWebhook } from "@/lib/forwarding/settings";
import { redeliverAction, sendTestEventAction, setChannelWebhookAction } from "../../../../actions";
import { type ChannelParams, channelOr404 } from "../../channel";

export default async function ChannelWebhooksPage({ params }: ChannelParams) {
  const caller = await requireCaller();
  const channelId = (await channelOr404((await params).channelId)).id;
  const canManage = caller.role === "owner";
  const [webhook, { deliveries }] = await Promise.all([
    getChannelWebhook(caller.scope, { channelId }),
    listDeliveries(caller.scope, { channelId, limit: 50 }),
  ]);
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Forwarding</CardTitle>
          <CardDescription>
            Every event of this number (customer messages, statuses, echoes, history, contacts,
            account updates) is posted to this URL in Meta's body shape, signed with your partner
            secret (<code>X-Hub-Signature-256</code>, and <code>X-Coex-Signature</code> with a
            timestamp). In order per conversation (customer); retried with backoff for up to 7 days.
            A delivery failing for over an hour stops holding its conversation back and is marked
            out of order.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {canManage ? (
            <>
              <ChannelWebhookForm
                action={setChannelWebhookAction}
                channelId={channelId}
                url={webhook?.url ?? null}
                headerNames={Object.keys(webhook?.headers ?? {})}
              />
              {webhook ? (
                <TestEventButton action={sendTestEventAction} channelId={channelId} />
              ) : null}
            </>
          ) : (
            <p className="text-sm">
              {webhook ? (
                <>
                  Forwarding to <code>{webhook.url}</code>. Only owners change it.
                </>
              ) : (
                "No forwarding URL. Only owners set one."
              )}
            </p>
          )}
        </CardContent>
      </Card>
      <h2 className="text-lg font-semibold">Delivery log</h2>
      <DeliveryLog
        deliveries={deliveries}
        canManage={canManage}
        redeliverAction={redeliverAction}
      />
    </div>
  );
}
