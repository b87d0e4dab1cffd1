import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { AppError } from "@/lib/errors";
import { templateEditQuery, toTemplateResource } from "@/lib/templates/api";
import { deleteChannelTemplate, editChannelTemplate } from "@/lib/templates/store";

type Params = { partner_id: string; channel_id: string; template_name: string };

export const dynamic = "force-dynamic";

/**
 * Edits one language of the template where Meta allows it (Meta's POST /{template-id} body:
 * category and/or components); answered PENDING, the review arrives by webhook.
 */
export const POST = withPartnerApiKey<Params>(
  "v2.templates.edit",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = templateEditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new AppError("bad_request", "The body must be valid JSON.");
    }
    const edited = await editChannelTemplate(scope, {
      channelId,
      name: params.template_name,
      language: query.language,
      body,
    });
    return Response.json(toTemplateResource(edited));
  },
);

/** Deletes every language of the template at Meta, then from the hub. */
export const DELETE = withPartnerApiKey<Params>(
  "v2.templates.delete",
  async (_request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    await deleteChannelTemplate(scope, { channelId, name: params.template_name });
    return new Response(null, { status: 204 });
  },
);
