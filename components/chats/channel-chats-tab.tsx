import type { Scope } from "@/lib/auth/scope";
import { listConversations } from "@/lib/chats";
import { hubNow } from "@/lib/clock";
import { ConversationList } from "./conversation-list";

/** The channel page's Chats tab: this number's conversations (within the caller's scope). */
export async function ChannelChatsTab({ scope, channelId }: { scope: Scope; channelId: string }) {
  const initial = await listConversations(scope, { channelId, now: await hubNow() });
  return <ConversationList initial={initial} channelId={channelId} />;
}
