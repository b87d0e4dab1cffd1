import { withErrorHandling } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { chatScope } from "@/lib/chats/access";
import { serveMessageMedia } from "@/lib/chats/media/serve";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/partners/ids";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ channelId: string; messageId: string }> };

/** A timeline message's media, fetched from Meta with the channel's token (lib/chats/media). */
function handler(method: "GET" | "HEAD") {
  return withErrorHandling(`hub.message-media.${method}`, async (_: Request, ctx: Context) => {
    const caller = await getCaller();
    if (!caller) throw new AppError("unauthorized", "Sign in first.");
    const { channelId, messageId } = await ctx.params;
    if (!isUuid(channelId) || !isUuid(messageId)) {
      throw new AppError("not_found", "No such message.");
    }
    return serveMessageMedia({ ...chatScope(caller), channelId, messageId, method });
  });
}

export const GET = handler("GET");
// Explicit: Next would otherwise answer HEAD by running GET, downloading the media for nothing.
export const HEAD = handler("HEAD");
