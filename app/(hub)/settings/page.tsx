import type { Metadata } from "next";
import { formatDateTime } from "@/components/partners/format";
import {
  GeneralSettingsForm,
  RotateSecretButton,
  WebhookUrlForm,
} from "@/components/partners/settings-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { getPartnerSettings } from "@/lib/partners/settings";
import { rotateSecretAction, setWebhookUrlAction, updateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const caller = await requireCaller();
  const settings = await getPartnerSettings({ partnerId: caller.partnerId });
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
        </CardContent>
      </Card>
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
