import "server-only";
import { createHash } from "node:crypto";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { SIGNATURE_HEADER, verifyBodySignature } from "@/lib/meta/signature";
import { countRejection, storeRawEvent } from "./store";

/** Meta sends up to ~3 MB; anything over 4 MB is refused before it is read in full. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

export type ReceiveResult =
  | { status: 200; eventId: string | null; duplicate: boolean }
  | { status: 401 | 413 | 503; message: string };

/** Reads the body as bytes, stopping as soon as it passes the limit. */
export async function readBodyWithLimit(
  request: Request,
  limit = MAX_WEBHOOK_BYTES,
): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text when it is clean UTF-8 (Postgres text cannot hold NUL), else base64. */
function encodeBody(bytes: Uint8Array): { body: string; bodyEncoding: "utf8" | "base64" } {
  try {
    const text = utf8.decode(bytes);
    if (!text.includes("\u0000")) return { body: text, bodyEncoding: "utf8" };
  } catch {
    // not UTF-8: fall through
  }
  return { body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" };
}

/**
 * A POST from Meta: raw bytes, signature checked in constant time against the app secret, one
 * durable insert, then the answer. Processing happens after the answer (see the route).
 * `noop` (benchmarks only) answers after the signature check without writing.
 */
export async function receiveMetaWebhook(request: Request): Promise<ReceiveResult> {
  const env = getEnv();
  const log = getLogger();
  const bytes = await readBodyWithLimit(request);
  if (!bytes) {
    log.warn({ reason: "too_large" }, "webhook refused: body over 4 MB");
    await countRejection("too_large");
    return { status: 413, message: "The body is larger than 4 MB." };
  }
  const secret = env.meta.appSecret;
  const signature = request.headers.get(SIGNATURE_HEADER);
  if (!secret || !verifyBodySignature(bytes, signature, secret)) {
    // Never the body: it is unauthenticated input.
    log.warn(
      { reason: signature ? "bad_signature" : "missing_signature", bytes: bytes.byteLength },
      "webhook refused: signature",
    );
    await countRejection("bad_signature");
    return { status: 401, message: "Missing or invalid X-Hub-Signature-256." };
  }
  if (env.webhookNoop) return { status: 200, eventId: null, duplicate: false };
  try {
    const stored = await storeRawEvent({
      ...encodeBody(bytes),
      bodyBytes: bytes.byteLength,
      dedupeKey: createHash("sha256").update(bytes).digest("hex"),
      signatureValid: true,
    });
    return { status: 200, eventId: stored.id, duplicate: stored.duplicate };
  } catch (error) {
    // The driver's error carries the query parameters, i.e. the body: log only the cause.
    log.error({ cause: rootMessage(error) }, "webhook not stored: database unavailable");
    return { status: 503, message: "The event could not be stored; retry later." };
  }
}

function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Meta's GET handshake: the challenge back when the verify token matches, else null (403). */
export function verifySubscription(params: URLSearchParams): string | null {
  const token = getEnv().meta.webhookVerifyToken;
  const mode = params.get("hub.mode");
  const given = params.get("hub.verify_token") ?? "";
  const challenge = params.get("hub.challenge");
  if (mode !== "subscribe" || !token || challenge === null) return null;
  return safeEqual(given, token) ? challenge : null;
}
