/**
 * What lib/chats answers, as plain JSON (dates as ISO strings): the GET routes send these types
 * unchanged and the client components read them.
 */
import type { MessageOrigin, MessageStatus } from "@/db/schema/chats";

export type WindowView =
  | { open: true; closesAt: string; msLeft: number }
  | { open: false; closedAt: string | null };

export type ConversationRow = {
  contactId: string;
  channelId: string;
  channelNumber: string;
  channelName: string | null;
  /** The customer's number; null for a username-only customer (see userId, username). */
  waId: string | null;
  userId: string | null;
  username: string | null;
  name: string;
  lastLiveMessageAt: string | null;
  last: {
    id: string;
    origin: MessageOrigin;
    type: string;
    text: string | null;
    sentAt: string;
    status: MessageStatus | null;
    revoked: boolean;
  } | null;
  window: WindowView;
  /** The customer wrote last (live): nobody answered yet. */
  unanswered: boolean;
};

export type ConversationFilter = "window-open" | "unanswered";

export type ConversationList = { rows: ConversationRow[]; nextOffset: number | null };

export type QuotedMessage = {
  wamid: string;
  found: boolean;
  origin: MessageOrigin | null;
  type: string | null;
  text: string | null;
  revoked: boolean;
};

export type TimelineMessage = {
  id: string;
  wamid: string | null;
  origin: MessageOrigin;
  direction: "inbound" | "outbound";
  type: string;
  /** The latest text (null for a deleted message unless the viewer may see the original). */
  text: string | null;
  edited: boolean;
  editedAt: string | null;
  /** The text before the first edit, or the deleted text for admins. */
  originalText: string | null;
  revoked: boolean;
  revokedAt: string | null;
  sentAt: string;
  status: MessageStatus | null;
  statusAt: string | null;
  failureReason: string | null;
  replyTo: QuotedMessage | null;
  reactions: { emoji: string; from: "customer" | "business" }[];
  media: {
    kind: string;
    caption: string | null;
    mimeType: string | null;
    filename: string | null;
    /** The hub route that fetches the media from Meta; null when Meta gave no media id. */
    url: string | null;
  } | null;
  location: {
    latitude: number;
    longitude: number;
    name: string | null;
    address: string | null;
  } | null;
  sharedContacts: { name: string; phones: string[] }[] | null;
  interactiveReply: { title: string; id: string | null; description: string | null } | null;
  referral: {
    headline: string | null;
    body: string | null;
    sourceUrl: string | null;
    sourceType: string | null;
  } | null;
  /** This customer message opened a service window that closes at `closesAt`. */
  windowOpened: { closesAt: string } | null;
  /** The service window closed between this message and the next one (or now). */
  windowClosedAfter: string | null;
  cursor: string;
};

export type TimelinePage = {
  /** Oldest first. */
  messages: TimelineMessage[];
  /** Pass as `before` to load older messages; null at the start of the conversation. */
  olderCursor: string | null;
};

export type ConversationHeader = {
  contactId: string;
  channelId: string;
  channelNumber: string;
  channelName: string | null;
  /** The customer's number; null for a username-only customer (see userId, username). */
  waId: string | null;
  userId: string | null;
  username: string | null;
  name: string;
  profileName: string | null;
  appName: string | null;
  onboardedAt: string | null;
  window: WindowView;
  /** The customer last wrote before onboarding and not since: no window until they write again. */
  lastCustomerBeforeOnboarding: string | null;
};

/** GET /api/hub/channels/:channelId/chats/:contactId */
export type ConversationResponse = { conversation: ConversationHeader; page: TimelinePage };
