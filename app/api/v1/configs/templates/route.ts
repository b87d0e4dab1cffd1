import { withChannelApiKey } from "@/lib/api/api-key-auth";
import { templateListQuery, toTemplateList } from "@/lib/templates/api";
import { listChannelTemplates } from "@/lib/templates/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 360dialog's `GET /v1/configs/templates`: the key's channel's templates, for partners' software. */
export const GET = withChannelApiKey("v1.configs.templates.list", async (request, ctx) => {
  const query = templateListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const listing = await listChannelTemplates(ctx.scope, {
    channelId: ctx.channelId,
    refresh: query.refresh === "true",
  });
  const templates = query.status
    ? listing.templates.filter((t) => t.status === query.status)
    : listing.templates;
  return Response.json(toTemplateList({ ...listing, templates }));
});
