import "server-only";
import { createHash } from "node:crypto";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { SIGNATURE_HEADER, verifyBodySignature } from "@/lib/meta/signature";
import { getReadiness } from "@/lib/system/readiness";
import { countRejection, storeRawEvent } from "./store";

/** Meta sends up to ~3 MB; anything over 4 MB is refused before it is read in full. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

/**
 * How long a request waits for its durable insert before answering 503 (Meta retries). During a
 * database outage the driver would otherwise hold it until its connect timeout. An insert that
 * commits after the deadline is kept; Meta's redelivery then counts as a duplicate.
 */
export const STORE_DEADLINE_MS = 1_500;
/** Refusals are counted in the database too, but never wait on it longer than this. */
const REJECTION_COUNT_DEADLINE_MS = 500;

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
  if (getReadiness() === "starting") {
    return { status: 503, message: "The hub is starting; retry later." };
  }
  const bytes = await readBodyWithLimit(request);
  if (!bytes) {
    log.warn({ reason: "too_large" }, "webhook refused: body over 4 MB");
    await countWithin("too_large");
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
    await countWithin("bad_signature");
    return { status: 401, message: "Missing or invalid X-Hub-Signature-256." };
  }
  if (env.webhookNoop) return { status: 200, eventId: null, duplicate: false };
  try {
    const stored = await withDeadline(
      storeRawEvent({
        ...encodeBody(bytes),
        bodyBytes: bytes.byteLength,
        dedupeKey: createHash("sha256").update(bytes).digest("hex"),
        signatureValid: true,
      }),
      STORE_DEADLINE_MS,
    );
    return { status: 200, eventId: stored.id, duplicate: stored.duplicate };
  } catch (error) {
    // The logger's serializer drops the query parameters (the body) from database errors.
    log.error({ err: error }, "webhook not stored: database unavailable");
    return { status: 503, message: "The event could not be stored; retry later." };
  }
}

/** Counts a refusal, but never lets an unreachable database hold up the answer. */
async function countWithin(reason: "bad_signature" | "too_large") {
  await withDeadline(countRejection(reason), REJECTION_COUNT_DEADLINE_MS).catch(() => {});
}

class DeadlineError extends Error {
  readonly code = "STORE_DEADLINE";
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = "DeadlineError";
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  // The insert may still fail after the deadline: nobody waits for it then.
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
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
