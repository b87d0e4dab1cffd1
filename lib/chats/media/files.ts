/**
 * How the hub hands a message's media to the browser: the largest size it passes on per kind,
 * the content type it admits, inline or attachment, a file name that is safe in a header and on
 * any disk, sizes for people. Pure (used by the media route and the timeline).
 */

const MB = 1024 * 1024;

/**
 * Meta's own caps on WhatsApp media (developers.facebook.com/docs/whatsapp/cloud-api/reference/media,
 * "Supported media types"): nothing bigger can come from WhatsApp, so anything bigger is refused.
 */
export const MEDIA_MAX_BYTES: Record<string, number> = {
  image: 5 * MB,
  sticker: 500 * 1024,
  audio: 16 * MB,
  video: 16 * MB,
  document: 100 * MB,
};
const DEFAULT_MAX_BYTES = 16 * MB;

export function mediaMaxBytes(kind: string): number {
  return MEDIA_MAX_BYTES[kind] ?? DEFAULT_MAX_BYTES;
}

const TOKEN = "[a-z0-9][a-z0-9!#$&^_.+-]*";
const PARAMETER = `\\s*;\\s*[a-z0-9_-]+=(?:"[a-z0-9._-]+"|[a-z0-9._-]+)`;
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:${PARAMETER})*$`);

/** `type/subtype` with its parameters, or octet-stream for anything malformed (it goes in a header). */
export function servedContentType(raw: string | null | undefined): string {
  const value = (raw ?? "").trim().toLowerCase();
  return CONTENT_TYPE.test(value) ? value : "application/octet-stream";
}

// Raster images, audio and video only: an SVG or HTML "image" opened inline would run in the
// hub's origin.
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)(;|$)/;

export function isInlineType(contentType: string): boolean {
  return INLINE.test(contentType);
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "application/pdf": "pdf",
  "text/plain": "txt",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.ms-powerpoint": "ppt",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
};

export function extensionFor(contentType: string): string | undefined {
  return EXTENSIONS[contentType.split(";")[0]!.trim()];
}

/**
 * The name the browser saves: the sender's file name without paths, control characters or
 * characters Windows refuses, at most 120 characters, with an extension from the type when it
 * has none; else `whatsapp-<kind>-<yyyy-mm-dd>.<ext>`.
 */
export function safeDownloadName({
  filename,
  contentType,
  kind,
  sentAt,
}: {
  filename?: string | null;
  contentType: string;
  kind: string;
  sentAt: Date;
}): string {
  const extension = extensionFor(contentType);
  const base = (filename ?? "")
    .split(/[\\/]/)
    .pop()!
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if (base) {
    const hasExtension = /\.[A-Za-z0-9]{1,8}$/.test(base);
    const stem = hasExtension ? base.replace(/\.[A-Za-z0-9]{1,8}$/, "") : base;
    const suffix = hasExtension ? base.slice(stem.length) : extension ? `.${extension}` : "";
    return `${[...stem].slice(0, 120 - suffix.length).join("")}${suffix}`;
  }
  const day = sentAt.toISOString().slice(0, 10);
  return `whatsapp-${kind.replace(/[^a-z]/g, "") || "media"}-${day}${extension ? `.${extension}` : ""}`;
}

/**
 * `inline` for what the browser shows safely, `attachment` for the rest; the name twice: ASCII
 * for old clients, RFC 5987 UTF-8 for the real one.
 */
export function contentDisposition(contentType: string, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const utf8 = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const type = isInlineType(contentType) ? "inline" : "attachment";
  return `${type}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** 512 B, 1.2 KB, 3.4 MB: what a person reads next to a download link. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
