import { z } from "zod";
import { withSession } from "@/lib/api/session-route";
import { getConversation, listTimeline } from "@/lib/chats";
import { canSeeDeleted } from "@/lib/chats/access";
import type { ConversationResponse } from "@/lib/chats/types";
import { hubNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

const query = z.object({ before: z.string().max(200).optional() });

/** One page of a conversation's timeline (the newest without `before`), with its header. */
export const GET = withSession<{ channelId: string; contactId: string }>(
  "hub.conversation",
  { access: "portal" },
  async (request, { caller, scope, params }) => {
    const { channelId, contactId } = params;
    const notFound = new AppError("not_found", "No such conversation.");
    if (!isUuid(channelId) || !isUuid(contactId)) throw notFound;
    const { before } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    // The hub's clock (the sandbox's outside production), as the composer judges the window by.
    const at = { channelId, contactId, now: await hubNow() };
    const [conversation, page] = await Promise.all([
      getConversation(scope, at),
      listTimeline(scope, { ...at, before: before ?? null, canSeeDeleted: canSeeDeleted(caller) }),
    ]);
    if (!conversation || !page) throw notFound;
    const body: ConversationResponse = { conversation, page };
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
);
