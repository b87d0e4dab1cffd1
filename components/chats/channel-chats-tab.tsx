import type { Scope } from "@/lib/auth/scope";
import { listConversations } from "@/lib/chats";
import { chatNow } from "@/lib/chats/clock";
import { ConversationList } from "./conversation-list";

/** The channel page's Chats tab: this number's conversations (within the caller's scope). */
export async function ChannelChatsTab({ scope, channelId }: { scope: Scope; channelId: string }) {
  const initial = await listConversations(scope, { channelId, now: await chatNow() });
  return <ConversationList initial={initial} channelId={channelId} />;
}
