export { CONVERSATIONS_PAGE, listConversations } from "./conversations";
export { getConversation, listTimeline, TIMELINE_PAGE } from "./timeline";
export type * from "./types";
