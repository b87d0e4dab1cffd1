import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { wakeIngestion } from "@/lib/ingest/queue";
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

/** Signed events from Meta: stored durably, answered; the ingestion workers process them. */
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
  // Duplicates wake the workers too: a duplicate's insert may have hidden the row from a claim.
  if (result.eventId) wakeIngestion([result.eventId]);
  return new Response(null, { status: 200 });
}
