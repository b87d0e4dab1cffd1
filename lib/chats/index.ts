export {
  type ChannelMessage,
  findConversationContact,
  listChannelMessages,
} from "./channel-messages";
export {
  CONVERSATIONS_PAGE,
  type ConversationOrder,
  type ConversationQuery,
  countConversations,
  listConversations,
} from "./conversations";
export { getConversation, listTimeline, TIMELINE_PAGE } from "./timeline";
export type * from "./types";
