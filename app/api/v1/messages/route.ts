import { z } from "zod";
import { withChannelApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { messagingApiAnswer, messagingApiStatus, sendChatMessage } from "@/lib/chats/send";
import { dryRunParam } from "@/lib/chats/send/query";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Messaging API (docs/chats-and-messaging-api.md, "Messaging API"): a Cloud API body with the channel's key in
 * `D360-API-KEY`; `Idempotency-Key` optional; `dry_run` as `?dry_run=true` or a body field.
 * 202 when Meta's answer never came (`status: "unknown"`): never an invitation to send again.
 */
export const POST = withChannelApiKey(
  "v1.messages.send",
  async (request, { key, scope, channelId }) => {
    const dryRun = dryRunParam(new URL(request.url).searchParams.get("dry_run"));
    const body = await readJson(request, z.unknown());
    const result = await sendChatMessage(scope, {
      channelId,
      body,
      idempotencyKey: request.headers.get("idempotency-key"),
      dryRun,
      sentBy: { kind: "api_key", apiKeyId: key.id },
    });
    const headers: Record<string, string> = {};
    if (result.message) headers["X-Coex-Message-Id"] = result.message.id;
    if (result.replayed) headers["Idempotent-Replayed"] = "true";
    return Response.json(messagingApiAnswer(result), {
      status: messagingApiStatus(result),
      headers,
    });
  },
);
