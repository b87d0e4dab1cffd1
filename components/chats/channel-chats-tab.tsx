import { getCaller } from "@/lib/auth/session";
import { listConversations } from "@/lib/chats";
import { chatScope } from "@/lib/chats/access";
import { chatNow } from "@/lib/chats/clock";
import { ConversationList } from "./conversation-list";

/** The channel page's Chats tab: this number's conversations. */
export async function ChannelChatsTab({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}) {
  const caller = await getCaller();
  const clientId = caller ? chatScope(caller).clientId : null;
  const initial = await listConversations({
    partnerId,
    clientId,
    channelId,
    now: await chatNow(),
  });
  return <ConversationList initial={initial} channelId={channelId} />;
}
