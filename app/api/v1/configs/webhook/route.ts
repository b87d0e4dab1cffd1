import { z } from "zod";
import { withChannelApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { getChannelWebhook, setChannelWebhook } from "@/lib/forwarding";
import { keyActor } from "@/lib/partners/actor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/, "Header names are letters, digits and -.");
const bodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "An http(s) URL." }).max(2000),
  headers: z
    .record(headerName, z.string().max(2000))
    .refine((h) => Object.keys(h).length <= 20, "At most 20 headers.")
    .optional(),
});

/** Header values are never echoed: they are often the partner's credentials (stored encrypted). */
function view(config: { url: string; headers: Record<string, string> } | null) {
  return {
    url: config?.url ?? null,
    headers: Object.fromEntries(Object.keys(config?.headers ?? {}).map((name) => [name, "***"])),
  };
}

/** 360dialog's `POST /v1/configs/webhook {url, headers}`: where this channel's events go. */
export const POST = withChannelApiKey("v1.configs.webhook.set", async (request, ctx) => {
  const body = await readJson(request, bodySchema);
  await setChannelWebhook({
    partnerId: ctx.partnerId,
    channelId: ctx.channelId,
    url: body.url,
    headers: body.headers ?? {},
    actor: keyActor(ctx.key),
  });
  return Response.json(view(await getChannelWebhook(ctx)), { status: 200 });
});

export const GET = withChannelApiKey("v1.configs.webhook.get", async (_request, ctx) =>
  Response.json(view(await getChannelWebhook(ctx))),
);
