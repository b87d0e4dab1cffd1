import { withChannelApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import {
  channelWebhookConfigBody,
  channelWebhookConfigView,
} from "@/lib/forwarding/channel-webhook-config";
import { getChannelWebhook, setChannelWebhook } from "@/lib/forwarding/settings";
import { keyActor } from "@/lib/partners/actor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 360dialog's `POST /v1/configs/webhook {url, headers}`: where this channel's events go. */
export const POST = withChannelApiKey("v1.configs.webhook.set", async (request, ctx) => {
  const body = await readJson(request, channelWebhookConfigBody);
  await setChannelWebhook(ctx.scope, {
    channelId: ctx.channelId,
    url: body.url,
    headers: body.headers ?? {},
    actor: keyActor(ctx.key),
  });
  return Response.json(channelWebhookConfigView(await getChannelWebhook(ctx.scope, ctx)), {
    status: 200,
  });
});

export const GET = withChannelApiKey("v1.configs.webhook.get", async (_request, ctx) =>
  Response.json(channelWebhookConfigView(await getChannelWebhook(ctx.scope, ctx))),
);
