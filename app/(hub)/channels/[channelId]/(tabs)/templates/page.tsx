import { ChannelTemplatesTab } from "@/components/templates/channel-templates-tab";
import { requireCaller } from "@/lib/auth/session";
import type { SearchParams } from "@/lib/partners/console-list";
import { type ChannelParams, channelOr404 } from "../channel";
import { createTemplateAction, deleteTemplateAction, editTemplateAction } from "./actions";
import { parseChannelTemplatesSearch } from "./search-params";

export default async function ChannelTemplatesPage({
  params,
  searchParams,
}: ChannelParams & { searchParams: Promise<SearchParams> }) {
  const { scope } = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  return (
    <ChannelTemplatesTab
      scope={scope}
      channelId={channel.id}
      displayPhoneNumber={channel.displayPhoneNumber}
      createAction={createTemplateAction}
      editAction={editTemplateAction}
      deleteAction={deleteTemplateAction}
      editId={parseChannelTemplatesSearch(await searchParams).edit}
    />
  );
}
