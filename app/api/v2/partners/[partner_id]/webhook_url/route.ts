import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { keyActor } from "@/lib/partners/actor";
import { webhookUrlBody } from "@/lib/partners/api-schemas";
import { getPartnerSettings, setPartnerWebhookUrl } from "@/lib/partners/settings";

export const GET = withPartnerApiKey("v2.webhook_url.get", async (_request, { scope }) => {
  const settings = await getPartnerSettings(scope);
  return NextResponse.json({ webhook_url: settings.webhookUrl });
});

export const POST = withPartnerApiKey("v2.webhook_url.set", async (request, { scope, key }) => {
  const body = await readJson(request, webhookUrlBody);
  const saved = await setPartnerWebhookUrl(scope, {
    webhookUrl: body.webhook_url,
    actor: keyActor(key),
  });
  return NextResponse.json({ webhook_url: saved.webhookUrl });
});
