import "server-only";
import type { MessageTemplateRow } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { hubNow } from "@/lib/clock";
import { AppError, errorStatus } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import {
  type GraphOptions,
  isMetaApiError,
  META_ERROR,
  type OutgoingMessage,
  sendMessage,
} from "@/lib/meta/graph";
import { findApprovedTemplate, markTemplatesStale, syncWabaTemplates } from "@/lib/templates/store";
import { findConversationContact } from "../channel-messages";
import { takeSendToken } from "./bucket";
import { callbackDataFor } from "./callback-data";
import { loadSendingChannel, type SendingChannel } from "./channel";
import { metaErrorView, metaFailureError, throughputError, windowClosedError } from "./errors";
import { estimateProposed, loadEstimateContext } from "./estimate";
import {
  checkIdempotencyKey,
  claimIdempotencyKey,
  linkIdempotencyMessage,
  releaseIdempotencyKey,
  requestHash,
  type StoredAnswer,
  storeIdempotentAnswer,
} from "./idempotency";
import { fieldErrorsOf, outgoingPayload, type SendBody, sendBodySchema } from "./schemas";
import { insertPendingMessage, markFailed, markSent, markUnknown } from "./store";
import { templateTextFromSend } from "./templates";
import type { SendResult, SentBy } from "./types";
import { serviceWindowOf } from "./window-lookup";

/** What to send; the tenant is the scope (client users: only their client's channels). */
export type SendChatMessageInput = {
  channelId: string;
  /** A Cloud API message body (`to`, `type`, ...), unparsed: validated here. */
  body: unknown;
  /** `Idempotency-Key`: a retry with the same key and body sends once and gets the first answer. */
  idempotencyKey?: string | null;
  /** Check and price only: nothing stored, nothing sent. Also `dry_run: true` in the body. */
  dryRun?: boolean;
  sentBy: SentBy;
  /** Graph client overrides (tests). */
  graph?: GraphOptions;
};

/**
 * The one send path (composer and Messaging API): validate, refuse free-form outside the
 * customer service window (131047) and sends over the channel's throughput cap before Meta is
 * called, store the message `pending`, call Meta, then store the wamid (`sent`), Meta's error
 * (`failed`), or `unknown` when Meta's answer never came (Meta may have sent it: it is answered,
 * not thrown, and never sent again; its status webhooks settle it, ./adopt.ts). Errors are
 * AppErrors in the one error shape (see ./errors.ts).
 */
export async function sendChatMessage(
  scope: Scope,
  input: SendChatMessageInput,
): Promise<SendResult> {
  const parsed = sendBodySchema.safeParse(input.body);
  if (!parsed.success) {
    throw new AppError("unprocessable", "The message is not valid.", fieldErrorsOf(parsed.error));
  }
  const body = parsed.data;
  const dryRun = input.dryRun === true || body.dry_run === true;
  const channel = await loadSendingChannel(scope, input);
  const key = input.idempotencyKey ? checkIdempotencyKey(input.idempotencyKey) : null;
  if (!key || dryRun) return send({ scope, input, body, channel, dryRun, key: null });

  const { dry_run: _ignored, ...hashed } = input.body as Record<string, unknown>;
  const claim = await claimIdempotencyKey({
    channelId: channel.id,
    key,
    hash: requestHash(hashed),
  });
  if (!claim.claimed) return replay(claim.answer);
  try {
    const result = await send({ scope, input, body, channel, dryRun, key });
    await storeIdempotentAnswer({
      channelId: channel.id,
      key,
      status: result.message?.status === "unknown" ? 202 : 200,
      answer: { kind: "result", result },
    });
    return result;
  } catch (error) {
    // A stored (failed) message is an answer to replay; a refusal that sent nothing is not.
    const stored = error instanceof AppError && hasStoredMessage(error.details);
    if (stored) {
      await storeIdempotentAnswer({
        channelId: channel.id,
        key,
        status: errorStatus[(error as AppError).code],
        answer: {
          kind: "error",
          code: (error as AppError).code,
          message: (error as AppError).message,
          details: (error as AppError).details,
        },
      });
    } else {
      await releaseIdempotencyKey({ channelId: channel.id, key });
    }
    throw error;
  }
}

function hasStoredMessage(details: unknown): boolean {
  return !!details && typeof details === "object" && "message" in details;
}

function replay(answer: StoredAnswer): SendResult {
  if (answer.kind === "result") return { ...(answer.result as SendResult), replayed: true };
  throw new AppError(answer.code as AppError["code"], answer.message, undefined, {
    details: answer.details,
    headers: { "Idempotent-Replayed": "true" },
  });
}

const TEMPLATE_REFUSALS = new Set<number>([
  META_ERROR.templateMissing,
  META_ERROR.templatePaused,
  META_ERROR.templateDisabled,
]);

/**
 * The channel's approved template of that name and language, from the hub's table (kept current
 * by the status webhooks). Read from Meta once when the hub has never read the WABA's list.
 */
async function findTemplate(
  channel: SendingChannel,
  body: SendBody,
  graph: GraphOptions | undefined,
): Promise<MessageTemplateRow | null> {
  if (body.type !== "template") return null;
  const lookup = {
    partnerId: channel.partnerId,
    wabaId: channel.wabaId,
    name: body.template.name,
    language: body.template.language.code,
  };
  const found = await findApprovedTemplate(lookup);
  if (found || !channel.token || channel.templatesSyncedAt) return found;
  try {
    await syncWabaTemplates({ channel, graph });
    return await findApprovedTemplate(lookup);
  } catch (error) {
    // Unknown category: priced as "no rate known"; Meta still decides on the send.
    getLogger().warn({ err: error, channelId: channel.id }, "template lookup failed");
    return null;
  }
}

async function send({
  scope,
  input,
  body,
  channel,
  dryRun,
  key,
}: {
  scope: Scope;
  input: SendChatMessageInput;
  body: SendBody;
  channel: SendingChannel;
  dryRun: boolean;
  key: string | null;
}): Promise<SendResult> {
  if (channel.cannotSend) throw new AppError("conflict", channel.cannotSend);
  const waId = body.to;
  const given = input.body as { to?: unknown; recipient?: unknown };
  const recipientInput = String(given.to ?? given.recipient ?? waId);
  const now = await hubNow();
  const on = { channelId: channel.id };
  const contactId = (await findConversationContact(scope, { ...on, waId }))?.id ?? null;
  const onboardedAt = channel.onboardedAt ?? channel.createdAt;
  const [template, context, window] = await Promise.all([
    findTemplate(channel, body, input.graph),
    loadEstimateContext(scope, { ...on, contactId, now }),
    serviceWindowOf(scope, { ...on, contactId, onboardedAt: channel.onboardedAt, now }),
  ]);
  const category = template?.category.toLowerCase() ?? null;
  const estimate = estimateProposed({
    context,
    onboardedAt,
    waId,
    now,
    proposed: {
      type: body.type,
      template:
        body.type === "template"
          ? { name: body.template.name, category: category ?? "unknown" }
          : null,
    },
  });
  if (body.type !== "template" && !window.open) throw windowClosedError(estimate, window.closedAt);

  const base = { dryRun, replayed: false, recipient: { input: recipientInput, waId }, estimate };
  if (dryRun) return { ...base, type: body.type, message: null };

  const bucket = await takeSendToken({ channelId: channel.id, capacity: channel.throughputCap });
  if (!bucket.allowed) {
    throw throughputError({ cap: channel.throughputCap, retryAfterMs: bucket.retryAfterMs });
  }

  const content = outgoingPayload(body);
  const stored = await insertPendingMessage({
    partnerId: channel.partnerId,
    channelId: channel.id,
    waId,
    body,
    content,
    templateCategory: category,
    templateText: body.type === "template" ? templateTextFromSend(template, body.template) : null,
    sentAt: now,
    sentBy: input.sentBy,
  });
  if (key) await linkIdempotencyMessage({ channelId: channel.id, key, messageId: stored.id });

  try {
    const sent = await sendMessage({
      token: channel.token!,
      phoneNumberId: channel.phoneNumberId,
      to: waId,
      message: content as OutgoingMessage,
      // The row's id, so the status webhooks can settle an unknown outcome (./adopt.ts).
      bizOpaqueCallbackData: callbackDataFor(stored.id, body.biz_opaque_callback_data),
      graph: input.graph,
    });
    const status = await markSent({
      channelId: channel.id,
      messageId: stored.id,
      wamid: sent.wamid,
      at: now,
    });
    return {
      ...base,
      recipient: { input: recipientInput, waId: sent.waId ?? waId },
      type: body.type,
      message: { id: stored.id, wamid: sent.wamid, status, error: null },
    };
  } catch (error) {
    if (!isMetaApiError(error)) throw error;
    if (error.outcomeUnknown) {
      // Meta may have sent it: never "failed", never sent again; its status webhooks settle it.
      const state = await markUnknown({ channelId: channel.id, messageId: stored.id, at: now });
      getLogger().warn(
        { err: error, channelId: channel.id, messageId: stored.id, wamid: state.wamid },
        "send outcome unknown",
      );
      return {
        ...base,
        type: body.type,
        message: { id: stored.id, wamid: state.wamid, status: state.status, error: null },
      };
    }
    const view = metaErrorView(error);
    await markFailed({ channelId: channel.id, messageId: stored.id, error: view, at: now });
    // Meta knows better than the hub's copy (a lost status webhook): read the list again.
    if (TEMPLATE_REFUSALS.has(error.code ?? 0)) await markTemplatesStale(channel);
    getLogger().warn({ err: error, channelId: channel.id, messageId: stored.id }, "send failed");
    throw metaFailureError(error, { id: stored.id, wamid: null, status: "failed", error: view });
  }
}
