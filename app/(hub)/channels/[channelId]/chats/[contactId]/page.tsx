import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Composer } from "@/components/chats/composer";
import { ConversationHeader } from "@/components/chats/conversation-header";
import { ConversationWorkspace } from "@/components/chats/conversation-workspace";
import { TimelineView } from "@/components/chats/timeline-view";
import { ConversationCostPanel } from "@/components/costs/conversation-cost-panel";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/auth/session";
import { getConversation, listTimeline } from "@/lib/chats";
import { canSeeDeleted } from "@/lib/chats/access";
import { hubNow } from "@/lib/clock";
import { formatPhone } from "@/lib/format";
import { isUuid } from "@/lib/ids";
import { sendFromComposerAction } from "./composer-actions";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ channelId: string; contactId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const caller = await requireCaller("portal");
  const { channelId, contactId } = await params;
  if (!isUuid(channelId) || !isUuid(contactId)) notFound();
  // The hub's clock (the sandbox's outside production), as the composer judges the window by.
  const at = { channelId, contactId, now: await hubNow() };
  const [conversation, page] = await Promise.all([
    getConversation(caller.scope, at),
    listTimeline(caller.scope, { ...at, canSeeDeleted: canSeeDeleted(caller) }),
  ]);
  if (!conversation || !page) notFound();
  // Opened from the Inbox: the way back leads there (the nav keeps Inbox active too).
  const fromInbox = (await searchParams).from === "inbox";
  const channelLabel = conversation.channelName ?? formatPhone(conversation.channelNumber);
  const breadcrumbs = fromInbox
    ? [{ href: "/inbox", label: "Inbox" }]
    : [
        { href: "/channels", label: "Channels" },
        { href: `/channels/${channelId}/chats`, label: channelLabel },
      ];
  return (
    <>
      <PageHeader title={conversation.name} breadcrumbs={breadcrumbs} />
      <ConversationHeader initial={{ conversation, page }} />
      <ConversationWorkspace canSend storageKey={`coex-refused:${channelId}:${contactId}`}>
        <TimelineView initial={{ conversation, page }} />
        <div className="mt-3">
          <Composer
            sendAction={sendFromComposerAction}
            channelId={channelId}
            contactId={contactId}
          />
        </div>
      </ConversationWorkspace>
      <div className="mt-6">
        <ConversationCostPanel scope={caller.scope} channelId={channelId} contactId={contactId} />
      </div>
    </>
  );
}
