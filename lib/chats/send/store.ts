import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { messages } from "@/db/schema";
import type { MessageMedia, MessageStatus } from "@/db/schema/chats";
import { refOfAddress } from "@/lib/ingest/identity/people";
import { upsertContacts } from "@/lib/ingest/write";
import { giveWamid, takeStubs } from "./fold";
import type { SendBody } from "./schemas";
import type { MetaErrorView, SentBy } from "./types";

/**
 * The send's row in `messages`: inserted `pending` (origin api) before Meta is called, then given
 * its wamid and `sent`, left `failed` with Meta's error, or `unknown` when Meta's answer never
 * came. Never deleted: a send is never lost.
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

/** On the channel sendChatMessage read through the caller's scope (its own partner id). */
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
      sightings: [{ ...refOfAddress(waId), liveAt: sentAt }],
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
        // A send arrives when it is sent (messages.arrivedAt).
        arrivedAt: sentAt,
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

function isUniqueViolation(error: unknown) {
  const code =
    (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}

/**
 * Meta accepted the send: the row gets its wamid and `sent`. A status webhook may have beaten
 * this update (Meta answers, then sends `sent` at once): ingestion then either gave the row its
 * wamid already (matched by the callback data, ./adopt.ts) or stored a stub row for the wamid,
 * which is folded into this row (./fold.ts), so the message exists once. Statuses only move
 * forward. A stub committed between our delete and update makes the update fail on the unique
 * key: we simply do it again.
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
        const stubs = await takeStubs(tx, { channelId, wamids: [wamid] });
        return giveWamid(tx, {
          channelId,
          messageId,
          wamid,
          reported: { status: "sent", at },
          stub: stubs.get(wamid) ?? null,
        });
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/**
 * Meta's answer never came (a timeout, a lost connection): Meta may have sent the message. The
 * row becomes `unknown` (not `failed`: it may well reach the customer) until its status webhooks
 * settle it. A status that already gave the row its wamid (./adopt.ts) means the outcome is
 * known: that state is returned instead.
 */
export async function markUnknown({
  channelId,
  messageId,
  at,
}: {
  channelId: string;
  messageId: string;
  at: Date;
}): Promise<{ status: MessageStatus; wamid: string | null }> {
  const db = getDb();
  const updated = await db
    .update(messages)
    .set({ status: "unknown", statusAt: at })
    .where(
      and(
        eq(messages.channelId, channelId),
        eq(messages.id, messageId),
        eq(messages.status, "pending"),
        isNull(messages.wamid),
      ),
    )
    .returning({ status: messages.status, wamid: messages.wamid });
  if (updated[0]) return { status: "unknown", wamid: null };
  const [row] = await db
    .select({ status: messages.status, wamid: messages.wamid })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.id, messageId)));
  return { status: row?.status ?? "unknown", wamid: row?.wamid ?? null };
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
