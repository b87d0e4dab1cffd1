import type { TimelineMessage } from "@/lib/chats/types";
import type { OutboxMessage } from "./conversation-workspace";

/** A send as the timeline shows it before the server answers: origin API, status pending. */
export function pendingMessage({
  type,
  text,
  replyTo,
  sentAt,
}: {
  type: "text" | "template";
  text: string;
  replyTo: TimelineMessage | null;
  sentAt: Date;
}): OutboxMessage {
  const id = `local-${crypto.randomUUID()}`;
  return {
    id,
    serverId: null,
    wamid: null,
    origin: "api",
    direction: "outbound",
    type,
    text,
    edited: false,
    editedAt: null,
    originalText: null,
    revoked: false,
    revokedAt: null,
    sentAt: sentAt.toISOString(),
    status: "pending",
    statusAt: null,
    failureReason: null,
    replyTo: replyTo?.wamid
      ? {
          wamid: replyTo.wamid,
          found: true,
          origin: replyTo.origin,
          type: replyTo.type,
          text: replyTo.text,
          revoked: false,
        }
      : null,
    reactions: [],
    media: null,
    location: null,
    sharedContacts: null,
    interactiveReply: null,
    referral: null,
    windowOpened: null,
    windowClosedAfter: null,
    cursor: id,
  };
}
