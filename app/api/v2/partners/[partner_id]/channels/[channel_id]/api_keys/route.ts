import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { keyActor } from "@/lib/partners/actor";
import { createChannelApiKey, listApiKeys } from "@/lib/partners/api-keys";
import { apiKeyListSpec, createChannelKeyBody } from "@/lib/partners/api-schemas";
import { toApiKeyResource } from "@/lib/partners/api-shapes";
import { getChannelById } from "@/lib/partners/channels";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

type Params = { partner_id: string; channel_id: string };

export const GET = withPartnerApiKey<Params>(
  "v2.channel_keys.list",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = parseListQuery(apiKeyListSpec, new URL(request.url).searchParams);
    if (!(await getChannelById(scope, { channelId }))) {
      throw new AppError("not_found", "Channel not found.");
    }
    const { keys, total } = await listApiKeys(scope, {
      kind: "channel",
      channelId,
      revoked: query.filters.revoked,
      limit: query.limit,
      offset: query.offset,
      ascending: !query.descending,
    });
    return NextResponse.json(listEnvelope("api_keys", query, keys.map(toApiKeyResource), total));
  },
);

/** 360dialog's shape: `{id, api_key, address, app_id}`, the key in this answer only. */
export const POST = withPartnerApiKey<Params>(
  "v2.channel_keys.create",
  async (request, { scope, params, key }) => {
    const channelId = pathId(params.channel_id, "Channel");
    // 360dialog's call has no body; a name may be sent.
    const text = await request.text();
    const body = text.trim()
      ? await readJson(
          new Request(request.url, { method: "POST", body: text }),
          createChannelKeyBody,
        )
      : {};
    const created = await createChannelApiKey(scope, {
      channelId,
      name: body.name,
      actor: keyActor(key),
    });
    return NextResponse.json(
      {
        id: created.key.id,
        api_key: created.secret,
        address: `${getEnv().appUrl}/api/v1`,
        app_id: channelId,
      },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  },
);
