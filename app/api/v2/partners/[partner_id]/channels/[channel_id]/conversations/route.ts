import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { type ConversationOrder, countConversations, listConversations } from "@/lib/chats";
import { hubNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { conversationListSpec } from "@/lib/partners/api-schemas-conversations";
import { toConversationResource } from "@/lib/partners/api-shapes";
import { getChannelById } from "@/lib/partners/channels";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

type Params = { partner_id: string; channel_id: string };

const ORDER: Record<string, ConversationOrder> = {
  "-last_live_message_at": "recent",
  last_live_message_at: "oldest",
  name: "name",
  "-name": "-name",
};

export const GET = withPartnerApiKey<Params>(
  "v2.conversations.list",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = parseListQuery(conversationListSpec, new URL(request.url).searchParams);
    if (!(await getChannelById(scope, { channelId }))) {
      throw new AppError("not_found", "Channel not found.");
    }
    const f = query.filters;
    const conversations = {
      channelId,
      search: f.search ?? "",
      windowOpen: f.window_open ?? null,
      unanswered: f.unread ?? null,
      origin: f.origin ?? null,
      now: await hubNow(),
    };
    const [{ rows }, total] = await Promise.all([
      listConversations(scope, {
        ...conversations,
        limit: query.limit,
        offset: query.offset,
        order: ORDER[query.sort]!,
      }),
      countConversations(scope, conversations),
    ]);
    return NextResponse.json(
      listEnvelope("conversations", query, rows.map(toConversationResource), total),
    );
  },
);
