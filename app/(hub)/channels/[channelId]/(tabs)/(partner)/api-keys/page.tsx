import { ApiKeysTable } from "@/components/partners/api-keys-table";
import { CreateKeyForm } from "@/components/partners/create-key-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/partners/api-keys";
import { createChannelKeyAction, revokeChannelKeyAction } from "../../../../actions";
import { type ChannelParams, channelOr404 } from "../../channel";

export default async function ChannelApiKeysPage({ params }: ChannelParams) {
  const caller = await requireCaller();
  const channelId = (await channelOr404((await params).channelId)).id;
  const canManage = caller.role === "owner";
  const { keys } = await listApiKeys(caller.scope, { kind: "channel", channelId });
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Messaging API keys</CardTitle>
          <CardDescription>
            Your software sends and receives for this number with a channel key in the{" "}
            <code>D360-API-KEY</code> header. One new key per 30 seconds per channel.
          </CardDescription>
        </CardHeader>
        {canManage ? (
          <CardContent>
            <CreateKeyForm
              action={createChannelKeyAction}
              fixed={{ channelId }}
              nameRequired={false}
              label="Create channel key"
            />
          </CardContent>
        ) : (
          <CardContent className="text-sm text-muted-foreground">
            Only owners create and revoke keys.
          </CardContent>
        )}
      </Card>
      <ApiKeysTable
        keys={keys}
        revokeAction={revokeChannelKeyAction}
        revokeInput={{ channelId }}
        canManage={canManage}
      />
    </div>
  );
}
