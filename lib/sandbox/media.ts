import "server-only";
import { createHash, createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { type SandboxMedia, sandboxMedia } from "@/db/schema";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { sandboxNow } from "./clock";
import { sandboxMediaFile } from "./media-files";
import { findSandboxNumber } from "./numbers/store";

/**
 * Meta's media flow, played by the sandbox. `GET /{media-id}` (graph.ts) answers
 * `{messaging_product, url, mime_type, sha256, file_size, id}` for media its customers, echoes and
 * history follow-ups carried; the `url` is on the sandbox's own origin (Meta's is
 * lookaside.fbsbx.com), lives 5 minutes and answers only with the business token of the WABA
 * that owns the number, as Meta's does. Media is kept 30 days after its message, as on Meta.
 */

export const MEDIA_URL_TTL_MS = 5 * 60_000;
export const MEDIA_RETENTION_MS = 30 * 86_400_000;
export const LOOKASIDE_PATH = "/sandbox/lookaside/whatsapp_business/attachments";

export type NewSandboxMedia = {
  mediaId: string;
  phoneNumberId: string;
  kind: string;
  mimeType: string;
  caption?: string | null;
  filename?: string | null;
  sentAt: Date;
};

/** The bytes' SHA-256 (hex), as Meta reports it; empty for a kind the sandbox cannot make. */
export function sandboxMediaSha256(
  media: Pick<NewSandboxMedia, "mediaId" | "kind" | "caption" | "filename">,
) {
  const file = sandboxMediaFile(media);
  return file ? createHash("sha256").update(file.bytes).digest("hex") : "";
}

export async function recordSandboxMedia(rows: NewSandboxMedia[]) {
  // Sliced under Postgres' parameter limit (a busy business's history has thousands).
  for (let i = 0; i < rows.length; i += 2_000) {
    await getDb()
      .insert(sandboxMedia)
      .values(
        rows.slice(i, i + 2_000).map((row) => ({
          ...row,
          caption: row.caption ?? null,
          filename: row.filename ?? null,
        })),
      )
      .onConflictDoNothing();
  }
}

/** The media object of a message (`image`, `document`...), as a webhook carries it. */
export function webhookMediaObject(media: Omit<NewSandboxMedia, "phoneNumberId" | "sentAt">) {
  return {
    id: media.mediaId,
    mime_type: media.mimeType,
    sha256: sandboxMediaSha256(media),
    ...(media.caption ? { caption: media.caption } : {}),
    ...(media.filename ? { filename: media.filename } : {}),
  };
}

async function findMedia(mediaId: string): Promise<SandboxMedia | undefined> {
  const [row] = await getDb().select().from(sandboxMedia).where(eq(sandboxMedia.mediaId, mediaId));
  return row;
}

/**
 * The media a token may read: known, on a number of the token's WABA, not older than 30 days,
 * and of a kind the sandbox can make (it has no video encoder). Anything else reads as missing.
 */
export async function findReadableMedia(mediaId: string, tokenWaba: string) {
  const media = await findMedia(mediaId);
  if (!media) return undefined;
  const number = await findSandboxNumber(media.phoneNumberId);
  if (!number || number.wabaId !== tokenWaba) return undefined;
  if ((await sandboxNow()).getTime() - media.sentAt.getTime() > MEDIA_RETENTION_MS)
    return undefined;
  const file = sandboxMediaFile(media);
  if (!file) return undefined;
  return { media, file };
}

function signature(mediaId: string, expires: number) {
  const key = getEnv().meta.appSecret ?? "sandbox-media";
  return createHmac("sha256", key).update(`${mediaId}|${expires}`).digest("hex").slice(0, 32);
}

/** `GET /{media-id}`'s answer for readable media; `origin` is where the caller reached us. */
export async function mediaUrlResponse(
  readable: NonNullable<Awaited<ReturnType<typeof findReadableMedia>>>,
  origin: string,
) {
  const { media, file } = readable;
  const expires = Math.floor(((await sandboxNow()).getTime() + MEDIA_URL_TTL_MS) / 1000);
  const url = new URL(LOOKASIDE_PATH, origin);
  url.searchParams.set("mid", media.mediaId);
  url.searchParams.set("ext", String(expires));
  url.searchParams.set("hash", signature(media.mediaId, expires));
  return Response.json({
    messaging_product: "whatsapp",
    url: url.toString(),
    mime_type: file.mimeType,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    file_size: file.bytes.length,
    id: media.mediaId,
  });
}

/** Checks the link's signature and expiry; the token check is the caller's (it needs the WABA). */
export async function verifyMediaLink(
  url: URL,
): Promise<{ mediaId: string } | "expired" | "invalid"> {
  const mediaId = url.searchParams.get("mid") ?? "";
  const expires = Number(url.searchParams.get("ext"));
  const hash = url.searchParams.get("hash") ?? "";
  if (!mediaId || !Number.isInteger(expires) || !safeEqual(hash, signature(mediaId, expires))) {
    return "invalid";
  }
  if ((await sandboxNow()).getTime() > expires * 1000) return "expired";
  return { mediaId };
}
