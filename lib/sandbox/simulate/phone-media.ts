import "server-only";
import { recordSandboxMedia, webhookMediaObject } from "../media";
import { metaId } from "../random";

const MEDIA_MIME: Record<"image" | "document" | "sticker" | "audio", string> = {
  image: "image/jpeg",
  document: "application/pdf",
  sticker: "image/webp",
  // A voice note, as WhatsApp records them.
  audio: "audio/ogg; codecs=opus",
};

export type PhoneMediaKind = keyof typeof MEDIA_MIME;

/** New media on the phone: kept for GET /{media-id}, returned as the message's media object. */
export async function newSandboxMedia(
  phoneNumberId: string,
  kind: PhoneMediaKind,
  at: Date,
  input: { caption?: string; filename?: string },
) {
  const media = {
    mediaId: metaId(),
    kind,
    mimeType: MEDIA_MIME[kind],
    // Meta carries captions on images, videos and documents; file names on documents.
    caption: kind === "image" || kind === "document" ? input.caption : undefined,
    filename: kind === "document" ? (input.filename ?? "document.pdf") : undefined,
  };
  await recordSandboxMedia([{ ...media, phoneNumberId, sentAt: at }]);
  return {
    ...webhookMediaObject(media),
    ...(kind === "audio" ? { voice: true } : {}),
    ...(kind === "sticker" ? { animated: false } : {}),
  };
}
