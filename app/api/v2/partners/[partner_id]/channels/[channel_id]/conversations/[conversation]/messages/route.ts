import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { listChannelMessages } from "@/lib/chats";
import { AppError } from "@/lib/errors";
import { messagePageQuery } from "@/lib/partners/api-schemas-conversations";
import { toMessageResource } from "@/lib/partners/api-shapes";
import { getChannelById } from "@/lib/partners/channels";

// `conversation`: the hub's contact id, the customer's BSUID (current or retired) or number.
type Params = { partner_id: string; channel_id: string; conversation: string };

export const GET = withPartnerApiKey<Params>(
  "v2.messages.list",
  async (request, { scope, params }) => {
    const channelId = pathId(params.channel_id, "Channel");
    const query = messagePageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    if (!(await getChannelById(scope, { channelId }))) {
      throw new AppError("not_found", "Channel not found.");
    }
    const filters = query.filters ?? {};
    const page = await listChannelMessages(scope, {
      channelId,
      conversation: params.conversation,
      limit: query.limit,
      descending: query.sort === "-timestamp",
      before: query.before ?? null,
      after: query.after ?? null,
      filters,
    });
    if (!page) throw new AppError("not_found", "Conversation not found.");
    return NextResponse.json({
      count: page.messages.length,
      limit: query.limit,
      sort: query.sort,
      filters,
      before: query.before ?? null,
      after: query.after ?? null,
      next_cursor: page.nextCursor,
      messages: page.messages.map(toMessageResource),
    });
  },
);
