import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { AppError } from "@/lib/errors";
import { templateListQuery, toTemplateList, toTemplateResource } from "@/lib/templates/api";
import { createChannelTemplate, listChannelTemplates } from "@/lib/templates/store";

type Params = { partner_id: string; channel_id: string };

export const dynamic = "force-dynamic";

/** The channel's WABA's templates, from the hub's copy (`?refresh=true` reads Meta first). */
export const GET = withPartnerApiKey<Params>(
  "v2.templates.list",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = templateListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const listing = await listChannelTemplates(scope, {
      channelId,
      refresh: query.refresh === "true",
    });
    const templates = query.status
      ? listing.templates.filter((t) => t.status === query.status)
      : listing.templates;
    return Response.json(toTemplateList({ ...listing, templates }));
  },
);

/** Meta's create body, checked with Meta's rules first; answered PENDING (review by webhook). */
export const POST = withPartnerApiKey<Params>(
  "v2.templates.create",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new AppError("bad_request", "The body must be valid JSON.");
    }
    const created = await createChannelTemplate(scope, { channelId, body });
    return Response.json(toTemplateResource(created), { status: 201 });
  },
);
