import type { Metadata } from "next";
import { ConversationList } from "@/components/chats/conversation-list";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/auth/session";
import { listConversations } from "@/lib/chats";
import { chatScope } from "@/lib/chats/access";
import { chatNow } from "@/lib/chats/clock";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const caller = await requireCaller();
  const { partnerId, clientId } = chatScope(caller);
  const initial = await listConversations({ partnerId, clientId, now: await chatNow() });
  return (
    <>
      <PageHeader title="Inbox" />
      <ConversationList initial={initial} showChannel />
    </>
  );
}
