import type { Metadata } from "next";
import { DeliveryLog } from "@/components/partners/delivery-log";
import {
  GeneralSettingsForm,
  RotateSecretButton,
  WebhookUrlForm,
} from "@/components/partners/settings-forms";
import { TestEventButton } from "@/components/partners/webhook-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listDeliveries } from "@/lib/forwarding/delivery-log";
import { getPartnerSettings } from "@/lib/partners/settings";
import { redeliverAction } from "../channels/actions";
import {
  rotateSecretAction,
  sendPartnerTestEventAction,
  setWebhookUrlAction,
  updateSettingsAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const caller = await requireCaller();
  const [settings, { deliveries }] = await Promise.all([
    getPartnerSettings(caller.scope),
    listDeliveries(caller.scope, { kind: "partner", limit: 20 }),
  ]);
  const isOwner = caller.role === "owner";
  return (
    <div className="grid gap-4">
      {isOwner ? null : (
        <p className="text-sm text-muted-foreground">
          Only owners change settings, keys and webhooks.
        </p>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Partner</CardTitle>
          <CardDescription>
            Your onboarding link is <code>/onboard/{settings.slug}</code>.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <GeneralSettingsForm
            action={updateSettingsAction}
            initial={settings}
            disabled={!isOwner}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Partner events</CardTitle>
          <CardDescription>
            Partner-level events (client_created, channel_created, channel_connected…) are posted
            here as <code>{"{id, event, data}"}</code>, signed with your partner secret.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookUrlForm
            action={setWebhookUrlAction}
            webhookUrl={settings.webhookUrl}
            disabled={!isOwner}
          />
          {isOwner && settings.webhookUrl ? (
            <div className="mt-4">
              <TestEventButton action={sendPartnerTestEventAction} />
            </div>
          ) : null}
        </CardContent>
      </Card>
      <section aria-labelledby="partner-deliveries" className="grid gap-3">
        <h2 id="partner-deliveries" className="text-lg font-semibold">
          Partner event deliveries
        </h2>
        <DeliveryLog
          deliveries={deliveries}
          canManage={isOwner}
          redeliverAction={redeliverAction}
        />
      </section>
      <Card>
        <CardHeader>
          <CardTitle>Partner secret</CardTitle>
          <CardDescription>
            Signs onboarding links and forwarded webhooks. Stored encrypted; shown once when
            created.
            {settings.previousSecretExpiresAt
              ? ` The previous secret still signs until ${formatDateTime(settings.previousSecretExpiresAt)}.`
              : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {isOwner ? (
            <RotateSecretButton action={rotateSecretAction} hasSecret={settings.hasSecret} />
          ) : (
            <p className="text-sm">{settings.hasSecret ? "A secret is set." : "No secret yet."}</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
