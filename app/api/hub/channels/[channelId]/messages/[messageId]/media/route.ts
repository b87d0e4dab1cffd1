import { withSession } from "@/lib/api/session-route";
import { canSeeDeleted } from "@/lib/chats/access";
import { serveMessageMedia } from "@/lib/chats/media/serve";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

/** A timeline message's media, fetched from Meta with the channel's token (lib/chats/media). */
function handler(method: "GET" | "HEAD") {
  return withSession<{ channelId: string; messageId: string }>(
    `hub.message-media.${method}`,
    { access: "portal" },
    async (_request, { caller, scope, params }) => {
      const { channelId, messageId } = params;
      if (!isUuid(channelId) || !isUuid(messageId)) {
        throw new AppError("not_found", "No such message.");
      }
      return serveMessageMedia(scope, {
        channelId,
        messageId,
        method,
        canSeeDeleted: canSeeDeleted(caller),
      });
    },
  );
}

export const GET = handler("GET");
// Explicit: Next would otherwise answer HEAD by running GET, downloading the media for nothing.
export const HEAD = handler("HEAD");
