import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeysTable } from "@/components/partners/api-keys-table";
import { CreateKeyForm } from "@/components/partners/create-key-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCaller } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/partners/api-keys";
import { createPartnerKeyAction, revokePartnerKeyAction } from "../actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const caller = await requireCaller();
  const canManage = caller.role === "owner";
  const { keys } = await listApiKeys(caller.scope, { kind: "partner" });
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Partner API keys</CardTitle>
          <CardDescription>
            Your software manages clients, channels and channel keys through the Partner API with a
            partner key in the <code>X-API-Key</code> header. Your partner id is{" "}
            <code data-testid="partner-id">{caller.partnerId}</code>. See the{" "}
            <Link href="/api-docs" className="underline">
              API reference
            </Link>
            . Channel keys live on each channel's API keys tab.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {canManage ? (
            <CreateKeyForm
              action={createPartnerKeyAction}
              nameRequired
              label="Create partner key"
            />
          ) : (
            <p className="text-sm text-muted-foreground">Only owners create and revoke keys.</p>
          )}
        </CardContent>
      </Card>
      <ApiKeysTable
        keys={keys}
        revokeAction={revokePartnerKeyAction}
        revokeInput={{}}
        canManage={canManage}
      />
    </div>
  );
}
