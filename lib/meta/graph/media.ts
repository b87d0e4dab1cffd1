import "server-only";
import { z } from "zod";
import { MEDIA_GONE_HINT, MetaApiError } from "./errors";
import {
  type Attempt,
  type AttemptContext,
  answerFailure,
  fetchFailure,
  type GraphConfig,
  type GraphOptions,
  graphConfig,
  graphRequest,
  withRetries,
} from "./http";

/**
 * Meta's media flow (developers.facebook.com/docs/whatsapp/cloud-api/reference/media):
 * `GET /{media-id}` with the business token answers a link that lives 5 minutes; a GET of that
 * link with the same token as `Authorization: Bearer` gives the bytes. Media received is kept
 * for 30 days; after that, or for an id the token cannot see, Meta answers 100/33.
 */

const mediaUrlSchema = z.looseObject({
  messaging_product: z.string().optional(),
  url: z.url(),
  mime_type: z.string().min(1),
  sha256: z.string().optional(),
  // A number in Meta's reference, a string in some answers.
  file_size: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  id: z.string(),
});

export type MediaUrl = {
  url: string;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
  id: string;
};

/** Where a media id's bytes are, for 5 minutes. `phoneNumberId` makes Meta check the media came through that number. */
export async function getMediaUrl({
  token,
  mediaId,
  phoneNumberId,
  graph,
}: {
  token: string;
  mediaId: string;
  phoneNumberId?: string;
  graph?: GraphOptions;
}): Promise<MediaUrl> {
  const body = await graphRequest(
    {
      operation: "getMediaUrl",
      method: "GET",
      path: `/${encodeURIComponent(mediaId)}`,
      query: { phone_number_id: phoneNumberId },
      token,
      schema: mediaUrlSchema,
    },
    graph,
  );
  return {
    url: body.url,
    mimeType: body.mime_type,
    sha256: body.sha256,
    fileSize: body.file_size,
    id: body.id,
  };
}

/** Media larger than the caller accepts: refused before (Content-Length) or while streaming. */
export class MediaTooLargeError extends Error {
  readonly maxBytes: number;
  readonly size?: number;
  constructor(maxBytes: number, size?: number) {
    super(
      size !== undefined
        ? `The media is ${size} bytes, over the ${maxBytes}-byte limit.`
        : `The media is over the ${maxBytes}-byte limit.`,
    );
    this.name = "MediaTooLargeError";
    this.maxBytes = maxBytes;
    this.size = size;
  }
}

/** Meta's media hosts (lookaside.fbsbx.com today), or the configured Graph host (the sandbox). */
const META_MEDIA_HOSTS = ["fbsbx.com", "facebook.com", "fbcdn.net", "whatsapp.net"];

/**
 * The business token goes only where Meta keeps media: a link elsewhere (a compromised answer,
 * a misconfiguration) must not receive it.
 */
export function isMetaMediaUrl(link: string, graphBaseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.origin === new URL(graphBaseUrl).origin) return true;
  return (
    url.protocol === "https:" &&
    META_MEDIA_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`))
  );
}

/** Counts bytes through the stream and fails it past `maxBytes` (a server that lied or sent no length). */
export function limitStream(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new MediaTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

export type MediaDownload = {
  body: ReadableStream<Uint8Array>;
  contentType: string | null;
  contentLength: number | null;
};

/**
 * Opens the bytes of a media link with the business token, refusing more than `maxBytes`.
 * The answer's headers are awaited with the client's timeout and retries (http.ts: 5xx, 429,
 * network; Retry-After); the body streams afterwards under `downloadTimeoutMs` in all.
 */
export async function downloadMedia({
  token,
  url,
  maxBytes,
  downloadTimeoutMs = 60_000,
  graph,
}: {
  token: string;
  url: string;
  maxBytes: number;
  downloadTimeoutMs?: number;
  graph?: GraphOptions;
}): Promise<MediaDownload> {
  const config = graphConfig(graph);
  const operation = "downloadMedia";
  if (!isMetaMediaUrl(url, config.baseUrl)) {
    throw new MetaApiError({
      kind: "invalid_response",
      operation,
      attempts: 0,
      detail: "the media link is not on Meta's media host",
    });
  }
  const { response, body } = await withRetries(operation, config, (attempt) =>
    attemptDownload({
      token,
      url,
      config,
      downloadTimeoutMs,
      context: { operation, attempt, idempotent: true },
    }),
  );
  const header = response.headers.get("content-length");
  const length = header === null || header.trim() === "" ? Number.NaN : Number(header);
  const contentLength = Number.isSafeInteger(length) && length >= 0 ? length : null;
  if (contentLength !== null && contentLength > maxBytes) {
    await body.cancel().catch(() => {});
    throw new MediaTooLargeError(maxBytes, contentLength);
  }
  return {
    body: limitStream(body, maxBytes),
    contentType: response.headers.get("content-type"),
    contentLength,
  };
}

/** One GET of the link: the answer once its headers are in, its body still to stream. */
async function attemptDownload({
  token,
  url,
  config,
  downloadTimeoutMs,
  context,
}: {
  token: string;
  url: string;
  config: GraphConfig;
  downloadTimeoutMs: number;
  context: AttemptContext;
}): Promise<Attempt<{ response: Response; body: ReadableStream<Uint8Array> }>> {
  // The client's per-attempt timeout covers the headers only: a long body would be cut by it.
  const headers = new AbortController();
  const timer = setTimeout(
    () => headers.abort(new DOMException("no answer in time", "TimeoutError")),
    config.timeoutMs,
  );
  const total = AbortSignal.timeout(Math.max(downloadTimeoutMs, config.timeoutMs));
  let response: Response;
  try {
    response = await config.fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.any([headers.signal, total]),
    });
  } catch (error) {
    return fetchFailure(error, context);
  } finally {
    clearTimeout(timer);
  }
  if (response.ok && response.body) return { ok: true, value: { response, body: response.body } };
  // Meta's CDN answers a stale or foreign link with a bare 403/404/410, not a Graph error.
  const gone = [403, 404, 410].includes(response.status);
  return answerFailure(response, context, {
    detail: `HTTP ${response.status}${gone ? ": the link expired or the media is gone" : ""}`,
    hint: gone ? MEDIA_GONE_HINT : undefined,
  });
}
