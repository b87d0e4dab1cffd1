import { withErrorHandling } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { getConversation } from "@/lib/chats";
import { chatScope } from "@/lib/chats/access";
import { type ComposerState, getComposerState } from "@/lib/chats/send";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/partners/ids";

export const dynamic = "force-dynamic";

/** What the composer may send in this conversation now: window, templates, estimates. */
export const GET = withErrorHandling(
  "hub.composer",
  async (_request: Request, ctx: { params: Promise<{ channelId: string; contactId: string }> }) => {
    const caller = await getCaller();
    if (!caller) throw new AppError("unauthorized", "Sign in first.");
    const { channelId, contactId } = await ctx.params;
    const notFound = new AppError("not_found", "No such conversation.");
    if (!isUuid(channelId) || !isUuid(contactId)) throw notFound;
    // Client users read conversations; only the partner's members and owners send.
    if (caller.role === "client") {
      throw new AppError("forbidden", "Your role can read this conversation but not send.");
    }
    const { partnerId, clientId } = chatScope(caller);
    const conversation = await getConversation({ partnerId, clientId, channelId, contactId });
    if (!conversation) throw notFound;
    const body: ComposerState = await getComposerState({
      partnerId,
      clientId,
      channelId,
      waId: conversation.waId ?? conversation.userId ?? "",
    });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
);
