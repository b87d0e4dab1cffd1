import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query-client";
import type { ComposerState } from "./send/types";
import type { ConversationList, ConversationResponse } from "./types";

/** react-query keys and fetchers of the chats: the conversation list, and a conversation (shared
 * by the timeline and the composer). */

export const conversationUrl = (channelId: string, contactId: string) =>
  `/api/hub/channels/${channelId}/chats/${contactId}`;

export function fetchConversationPage(url: string) {
  return fetchJson<ConversationResponse>(url, "The conversation");
}

/** The newest page of the timeline, polled every 2 s. */
export function conversationQueryOptions(channelId: string, contactId: string) {
  return queryOptions({
    queryKey: ["conversation", channelId, contactId],
    queryFn: () => fetchConversationPage(conversationUrl(channelId, contactId)),
    refetchInterval: 2000,
  });
}

/**
 * What the composer may send now (window, templates, estimates). Templates come from the Graph
 * API, so it is polled slowly; a send or a change of the window refreshes it at once.
 */
export function composerStateQueryOptions(channelId: string, contactId: string) {
  return queryOptions({
    queryKey: ["composer", channelId, contactId],
    queryFn: () =>
      fetchJson<ComposerState>(
        `${conversationUrl(channelId, contactId)}/composer`,
        "What you can send",
      ),
    refetchInterval: 15_000,
    staleTime: 5_000,
  });
}

/** The conversation list for its URL parameters (`listParams`), polled every 3 s. */
export function conversationListQueryOptions(params: URLSearchParams) {
  const key = params.toString();
  return queryOptions({
    queryKey: ["conversations", key],
    queryFn: () =>
      fetchJson<ConversationList>(`/api/hub/conversations?${key}`, "The conversation list"),
    refetchInterval: 3000,
  });
}
