import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { messages } from "@/db/schema";
import type { MessageMedia, MessageStatus } from "@/db/schema/chats";
import { laterStatus } from "@/lib/ingest/status";
import { upsertContacts } from "@/lib/ingest/write";
import type { SendBody } from "./schemas";
import type { MetaErrorView, SentBy } from "./types";

/**
 * The send's row in `messages`: inserted `pending` (origin api) before Meta is called, then given
 * its wamid and `sent`, or left `failed` with Meta's error. Never deleted: a send is never lost.
 */

function textOf(body: SendBody, templateText: string | null): string | null {
  switch (body.type) {
    case "text":
      return body.text.body;
    case "template":
      return templateText ?? body.template.name;
    case "image":
    case "video":
    case "document":
      return ((body as Record<string, unknown>)[body.type] as { caption?: string }).caption ?? null;
    case "location":
      return body.location.name ?? body.location.address ?? null;
    case "interactive":
      return (body.interactive.body as { text?: string } | undefined)?.text ?? null;
    case "reaction":
      return body.reaction.emoji || null;
    default:
      return null;
  }
}

function mediaOf(body: SendBody): MessageMedia | null {
  if (!["image", "video", "audio", "document", "sticker"].includes(body.type)) return null;
  const m = (body as Record<string, unknown>)[body.type] as {
    id?: string;
    link?: string;
    caption?: string;
    filename?: string;
  };
  return { id: m.id, url: m.link, caption: m.caption, filename: m.filename };
}

export async function insertPendingMessage({
  partnerId,
  channelId,
  waId,
  body,
  content,
  templateCategory,
  templateText,
  sentAt,
  sentBy,
}: {
  partnerId: string;
  channelId: string;
  waId: string;
  body: SendBody;
  /** The message object as sent to Meta (without the envelope). */
  content: Record<string, unknown>;
  templateCategory: string | null;
  templateText: string | null;
  sentAt: Date;
  sentBy: SentBy;
}): Promise<{ id: string; contactId: string }> {
  return getDb().transaction(async (tx) => {
    const contactIds = await upsertContacts(tx, {
      partnerId,
      channelId,
      sightings: [{ waId, liveAt: sentAt }],
    });
    const contactId = contactIds.get(waId)!;
    const [row] = await tx
      .insert(messages)
      .values({
        partnerId,
        channelId,
        contactId,
        origin: "api",
        direction: "outbound",
        type: body.type,
        content,
        text: textOf(body, templateText),
        sentAt,
        status: "pending",
        statusAt: sentAt,
        customerWaId: waId,
        replyToWamid: body.context?.message_id ?? null,
        reactionToWamid: body.type === "reaction" ? body.reaction.message_id : null,
        media: mediaOf(body),
        templateName: body.type === "template" ? body.template.name : null,
        templateCategory,
        sentByUserId: sentBy.kind === "user" ? sentBy.userId : null,
        sentByApiKeyId: sentBy.kind === "api_key" ? sentBy.apiKeyId : null,
      })
      .returning({ id: messages.id });
    return { id: row!.id, contactId };
  });
}

type StubRow = {
  status: MessageStatus | null;
  status_at: unknown;
  errors: unknown[] | null;
  pricing: Record<string, unknown> | null;
  pricing_category: string | null;
  pricing_type: string | null;
  conversation: Record<string, unknown> | null;
};

function isUniqueViolation(error: unknown) {
  const code =
    (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}

/**
 * Meta accepted the send: the row gets its wamid and `sent`. A status webhook may have beaten
 * this update (Meta answers, then sends `sent` at once): ingestion then stored a stub row for the
 * wamid. The stub is folded into this row (its status if further along, its pricing) and removed,
 * so the message exists once. A stub committed between our delete and update makes the update
 * fail on the unique key: we simply do it again.
 */
export async function markSent({
  channelId,
  messageId,
  wamid,
  at,
}: {
  channelId: string;
  messageId: string;
  wamid: string;
  at: Date;
}): Promise<MessageStatus> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await getDb().transaction(async (tx) => {
        const [stub] = rowsOf<StubRow>(
          await tx.execute(sql`
            delete from messages
            where channel_id = ${channelId} and wamid = ${wamid} and stub = true
            returning status, status_at, errors, pricing, pricing_category, pricing_type, conversation`),
        );
        const stubAt = stub?.status_at ? new Date(String(stub.status_at)) : null;
        const next = laterStatus(
          { status: "sent", at },
          { status: stub?.status ?? null, at: stubAt && !Number.isNaN(+stubAt) ? stubAt : at },
        );
        await tx
          .update(messages)
          .set({
            wamid,
            status: next.status,
            statusAt: next.at,
            ...(stub
              ? {
                  errors: stub.errors,
                  pricing: stub.pricing,
                  pricingCategory: stub.pricing_category,
                  pricingType: stub.pricing_type,
                  conversation: stub.conversation,
                }
              : {}),
          })
          .where(and(eq(messages.channelId, channelId), eq(messages.id, messageId)));
        return next.status as MessageStatus;
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Meta refused or could not be reached: the row stays, `failed`, with Meta's error. */
export async function markFailed({
  channelId,
  messageId,
  error,
  at,
}: {
  channelId: string;
  messageId: string;
  error: MetaErrorView;
  at: Date;
}) {
  await getDb()
    .update(messages)
    .set({
      status: "failed",
      statusAt: at,
      // The shape of Meta's status errors, so the timeline shows the reason the same way.
      errors: [
        {
          code: error.code,
          title: error.message,
          message: error.message,
          error_data: { details: error.hint ? `${error.message} ${error.hint}` : error.message },
          ...(error.fbtraceId ? { fbtrace_id: error.fbtraceId } : {}),
        },
      ],
    })
    .where(and(eq(messages.channelId, channelId), eq(messages.id, messageId)));
}
