import { withSession } from "@/lib/api/session-route";
import { getConversation } from "@/lib/chats";
import { type ComposerState, getComposerState } from "@/lib/chats/send";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

/** What the composer may send in this conversation now: window, templates, estimates. */
export const GET = withSession<{ channelId: string; contactId: string }>(
  "hub.composer",
  { access: "portal" },
  async (_request, { scope, params }) => {
    const { channelId, contactId } = params;
    const notFound = new AppError("not_found", "No such conversation.");
    if (!isUuid(channelId) || !isUuid(contactId)) throw notFound;
    // Client users reply too, on their own client's channels (their scope narrows the reads).
    const conversation = await getConversation(scope, { channelId, contactId });
    if (!conversation) throw notFound;
    const body: ComposerState = await getComposerState(scope, {
      channelId,
      waId: conversation.waId ?? conversation.userId ?? "",
    });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
);
