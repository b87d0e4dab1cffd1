import type { Metadata } from "next";
import { z } from "zod";
import { ConversationList } from "@/components/chats/conversation-list";
import { PageHeader } from "@/components/shell/page-header";
import { messageOrigins } from "@/db/schema/chats";
import { requireCaller } from "@/lib/auth/session";
import { listConversations } from "@/lib/chats";
import { hubNow } from "@/lib/clock";

export const metadata: Metadata = { title: "Inbox" };

const inboxQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  filter: z.enum(["window-open", "unanswered"]).optional().catch(undefined),
  origin: z.enum(messageOrigins).optional().catch(undefined),
});

export default async function InboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const caller = await requireCaller("portal");
  // A client user's scope: its own client's channels' conversations only.
  const { scope } = caller;
  const query = inboxQuery.parse(await searchParams);
  const initial = await listConversations(scope, {
    search: query.q?.trim() ?? "",
    filter: query.filter ?? null,
    origin: query.origin ?? null,
    now: await hubNow(),
  });
  return (
    <>
      <PageHeader title="Inbox" />
      <ConversationList initial={initial} showChannel from="inbox" initialMatchesUrl />
    </>
  );
}
