import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, messages } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import {
  downloadMedia,
  type GraphOptions,
  getMediaUrl,
  META_ERROR,
  MediaTooLargeError,
  MetaApiError,
} from "@/lib/meta/graph";
import { loadSendingChannel } from "../send/channel";
import { metaErrorJson, metaErrorView } from "../send/errors";
import {
  contentDisposition,
  formatBytes,
  mediaMaxBytes,
  safeDownloadName,
  servedContentType,
} from "./files";

/**
 * A timeline message's media, fetched from Meta with the channel's business token and streamed to
 * the browser. The hub stores no media: Meta keeps it 30 days and the link it gives lives 5
 * minutes, so every request asks Meta again (the browser caches the answer privately).
 */

const MEDIA_CACHE_SECONDS = 3600;

type MediaRef = {
  /** Owners may still open a deleted message's media, as they may read its text. */
  canSeeDeleted: boolean;
  channelId: string;
  messageId: string;
};

const noMedia = () => new AppError("not_found", "This message has no media the hub can fetch.");

/** The message's media reference, scoped by tenant; 404 for a foreign id or a message without it. */
async function findMessageMedia(scope: Scope, ref: MediaRef) {
  const [row] = await getDb()
    .select({
      type: messages.type,
      media: messages.media,
      revokedAt: messages.revokedAt,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .innerJoin(
      channels,
      and(eq(channels.id, messages.channelId), eq(channels.partnerId, scope.partnerId)),
    )
    .where(
      and(
        eq(messages.partnerId, scope.partnerId),
        eq(messages.channelId, ref.channelId),
        eq(messages.id, ref.messageId),
        eq(messages.stub, false),
        scope.clientId ? eq(channels.clientId, scope.clientId) : undefined,
      ),
    );
  if (!row) throw new AppError("not_found", "No such message.");
  // A history placeholder without its follow-up has no id: Meta only sent the media's type.
  const mediaId = row.media?.id;
  if (!mediaId || row.type === "media_placeholder") throw noMedia();
  if (row.revokedAt && !ref.canSeeDeleted) throw noMedia();
  return {
    mediaId,
    kind: row.type,
    mimeType: row.media?.mime_type ?? null,
    filename: row.media?.filename ?? null,
    sentAt: row.sentAt,
  };
}

/** GET (bytes) or HEAD (type, size and name only: one Graph call, no download). */
export async function serveMessageMedia(
  scope: Scope,
  ref: MediaRef & { method: "GET" | "HEAD"; graph?: GraphOptions },
): Promise<Response> {
  const media = await findMessageMedia(scope, ref);
  const channel = await loadSendingChannel(scope, { channelId: ref.channelId });
  if (channel.status !== "connected" || !channel.token) {
    throw new AppError(
      "conflict",
      channel.token
        ? `The channel is ${channel.status}: Meta gives its media only while it is connected.`
        : "The channel has no business token: Meta's media cannot be fetched until onboarding finishes.",
    );
  }
  const maxBytes = mediaMaxBytes(media.kind);
  try {
    const link = await getMediaUrl({
      token: channel.token,
      mediaId: media.mediaId,
      phoneNumberId: channel.phoneNumberId,
      graph: ref.graph,
    });
    if (link.fileSize !== undefined && link.fileSize > maxBytes) {
      throw new MediaTooLargeError(maxBytes, link.fileSize);
    }
    const headers = (contentType: string, length: number | null | undefined) => {
      const filename = safeDownloadName({
        filename: media.filename,
        contentType,
        kind: media.kind,
        sentAt: media.sentAt,
      });
      return {
        "content-type": contentType,
        ...(length != null ? { "content-length": String(length) } : {}),
        "content-disposition": contentDisposition(contentType, filename),
        "cache-control": `private, max-age=${MEDIA_CACHE_SECONDS}`,
        // The bytes are the sender's: never sniffed into something runnable, never given the
        // hub's origin to act in.
        "x-content-type-options": "nosniff",
        "content-security-policy":
          "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
      };
    };
    if (ref.method === "HEAD") {
      return new Response(null, {
        status: 200,
        headers: headers(servedContentType(link.mimeType ?? media.mimeType), link.fileSize),
      });
    }
    const download = await downloadMedia({
      token: channel.token,
      url: link.url,
      maxBytes,
      graph: ref.graph,
    });
    const contentType = servedContentType(download.contentType ?? link.mimeType);
    return new Response(download.body, {
      status: 200,
      headers: headers(contentType, download.contentLength ?? link.fileSize),
    });
  } catch (error) {
    throw mediaError(error, media.kind);
  }
}

/** Meta's failures in the one error shape, so the timeline falls back to the placeholder. */
function mediaError(error: unknown, kind: string): unknown {
  if (error instanceof MediaTooLargeError) {
    return new AppError(
      "payload_too_large",
      `This ${kind} is ${error.size !== undefined ? formatBytes(error.size) : "larger than allowed"}: the hub passes on at most ${formatBytes(error.maxBytes)} for a ${kind} (Meta's own cap). Open it in the WhatsApp Business app.`,
      undefined,
      { details: { max_bytes: error.maxBytes, size_bytes: error.size ?? null } },
    );
  }
  if (!(error instanceof MetaApiError)) return error;
  getLogger().warn({ metaError: error.toJSON() }, "message media not fetched");
  const details = { meta_error: metaErrorJson(metaErrorView(error)) };
  const gone =
    (error.code === META_ERROR.invalidParameter &&
      error.errorSubcode === META_ERROR.subcodeObjectNotFound) ||
    (error.kind === "invalid_response" && [403, 404, 410].includes(error.status ?? 0));
  if (gone) {
    return new AppError(
      "gone",
      "Meta no longer has this media (WhatsApp keeps media for 30 days after the message) or never had it. The message's type and caption stay in the timeline.",
      undefined,
      { details },
    );
  }
  if (error.retryable) {
    return new AppError(
      "unavailable",
      "Meta could not give the media right now: try again in a moment.",
      undefined,
      { details, headers: { "Retry-After": "5" } },
    );
  }
  if (error.code === META_ERROR.accessTokenInvalid) {
    return new AppError(
      "bad_gateway",
      "Meta refused the channel's business token (190): the client must onboard again before its media can be shown.",
      undefined,
      { details },
    );
  }
  return new AppError(
    "bad_gateway",
    `Meta refused to give the media${error.code ? ` (${error.code}${error.errorSubcode ? `/${error.errorSubcode}` : ""})` : ""}: ${metaErrorView(error).message}`,
    undefined,
    { details },
  );
}
