import { after } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { enqueueProcessing } from "@/lib/ingest/queue";
import { receiveMetaWebhook, verifySubscription } from "@/lib/ingest/receive";

// Raw bytes and node:crypto: the Node.js runtime, never cached.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Meta's verification handshake: 200 with the challenge when the verify token matches. */
export async function GET(request: Request) {
  const challenge = verifySubscription(new URL(request.url).searchParams);
  if (challenge === null) {
    return errorResponse(new AppError("forbidden", "The verify token does not match."));
  }
  return new Response(challenge, { status: 200, headers: { "content-type": "text/plain" } });
}

/** Signed events from Meta: stored durably, answered, then processed after the answer. */
export async function POST(request: Request) {
  const result = await receiveMetaWebhook(request);
  if (result.status !== 200) {
    const code = ({ 401: "unauthorized", 413: "payload_too_large", 503: "unavailable" } as const)[
      result.status
    ];
    return errorResponse(
      new AppError(code, result.message),
      result.status === 503 ? { "retry-after": "5" } : undefined,
    );
  }
  const { eventId, duplicate } = result;
  if (eventId && !duplicate) afterResponse(() => enqueueProcessing([eventId]));
  return new Response(null, { status: 200 });
}

/** after() needs a request scope; called directly (tests), the work just runs next. */
function afterResponse(work: () => void) {
  try {
    after(work);
  } catch {
    queueMicrotask(work);
  }
}
