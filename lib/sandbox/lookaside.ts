import "server-only";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { bearer, metaErrorResponse, sandboxDisabledResponse } from "./graph";
import { findReadableMedia, verifyMediaLink } from "./media";
import { wabaOfToken } from "./numbers/signup-codes";

/**
 * The media download the sandbox's `GET /{media-id}` links to (Meta's lookaside.fbsbx.com): the
 * bytes, with `Authorization: Bearer <business token>` of the WABA that owns the media, while the
 * link lives (5 minutes). Mounted by app/sandbox/lookaside.
 */
export async function handleMediaDownload(request: Request): Promise<Response> {
  if (!getEnv().sandbox) return sandboxDisabledResponse();
  try {
    const token = bearer(request);
    const waba = token ? await wabaOfToken(token) : undefined;
    if (!waba) {
      return metaErrorResponse(401, {
        message: "Invalid OAuth access token - Cannot parse access token",
        code: 190,
      });
    }
    const link = await verifyMediaLink(new URL(request.url));
    // Meta's CDN answers a stale or forged link with a bare 403/404, not a Graph error.
    if (link === "expired") return new Response("URL signature expired", { status: 403 });
    if (link === "invalid") return new Response("Not Found", { status: 404 });
    const readable = await findReadableMedia(link.mediaId, waba);
    if (!readable) return new Response("Not Found", { status: 404 });
    const { file } = readable;
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.bytes.length),
        "cache-control": "private, max-age=300",
      },
    });
  } catch (error) {
    getLogger().error({ err: error }, "sandbox media download failed");
    return new Response("Internal Server Error", { status: 500 });
  }
}
