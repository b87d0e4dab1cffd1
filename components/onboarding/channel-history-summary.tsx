import { getChannelHistory } from "@/lib/onboarding/history-read";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The channel's history import in one line, for the channel's overview. */
export async function ChannelHistorySummary({
  partnerId,
  channelId,
}: {
  partnerId: string;
  channelId: string;
}) {
  const history = await getChannelHistory({ partnerId, channelId });
  const text =
    history.state === "complete"
      ? `Complete: ${plural(history.chats, "chat")}, ${plural(history.messages, "message")} imported`
      : history.state === "importing"
        ? `Importing, ${history.progress}%: ${plural(history.chats, "chat")} so far`
        : history.state === "declined"
          ? "The business chose not to share its chat history"
          : "Nothing received yet";
  return <span data-testid="channel-history">{text}</span>;
}
