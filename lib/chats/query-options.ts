import { queryOptions } from "@tanstack/react-query";
import type { ComposerState } from "./send/types";
import type { ConversationResponse } from "./types";

/** react-query keys and fetchers of a conversation, shared by the timeline and the composer. */

async function getJson<T>(url: string, what: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    throw new Error(body?.error?.message ?? `${what} failed to load (${response.status}).`);
  }
  return response.json() as Promise<T>;
}

export const conversationUrl = (channelId: string, contactId: string) =>
  `/api/hub/channels/${channelId}/chats/${contactId}`;

export function fetchConversationPage(url: string) {
  return getJson<ConversationResponse>(url, "The conversation");
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
      getJson<ComposerState>(
        `${conversationUrl(channelId, contactId)}/composer`,
        "What you can send",
      ),
    refetchInterval: 15_000,
    staleTime: 5_000,
  });
}
