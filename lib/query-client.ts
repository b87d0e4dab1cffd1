import { isServer, QueryClient } from "@tanstack/react-query";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Above zero so data prefetched on the server is not refetched at once in the browser.
      queries: { staleTime: 30_000 },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server request (no data shared between users), one in the browser. */
export function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/**
 * A polled read's fetcher (the `queryFn` of a `queryOptions` factory): GETs a route and answers
 * its JSON, or throws with the message of the one error body (`{ error: { message } }`).
 */
export async function fetchJson<T>(url: string, what: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    throw new Error(body?.error?.message ?? `${what} failed to load (${response.status}).`);
  }
  return response.json() as Promise<T>;
}
