import { z } from "zod";
import { messageOrigins } from "@/db/schema/chats";
import { withSession } from "@/lib/api/session-route";
import { listConversations } from "@/lib/chats";
import { hubNow } from "@/lib/clock";

export const dynamic = "force-dynamic";

const query = z.object({
  channelId: z.uuid().optional(),
  q: z.string().max(200).optional(),
  filter: z.enum(["window-open", "unanswered"]).optional(),
  origin: z.enum(messageOrigins).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});

/** The conversation list for the signed-in user (all channels, or one). */
export const GET = withSession(
  "hub.conversations",
  { access: "portal" },
  async (request, { caller }) => {
    const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const { scope } = caller;
    const list = await listConversations(scope, {
      channelId: params.channelId ?? null,
      search: params.q ?? "",
      filter: params.filter ?? null,
      origin: params.origin ?? null,
      offset: params.offset ?? 0,
      now: await hubNow(),
    });
    return Response.json(list, { headers: { "cache-control": "no-store" } });
  },
);
