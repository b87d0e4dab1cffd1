import type { CountryCode } from "libphonenumber-js/max";
import type { mediaTypes } from "@/lib/meta/webhooks";
import { type CustomerIdentity, recipientFields, senderFields } from "./parties";
import { validMobileNumber } from "./phone-numbers";
import { type Rng, seededRng, wamid } from "./random";

/**
 * The chat history a sandbox business shares at onboarding: generated, realistic and the same
 * every time for one number (seeded by its id and onboarding time). Pure: no I/O.
 * Meta's rules (../shared/spec/coexistence.md §2): phase 0 = day 0-1, 1 = days 1-90,
 * 2 = days 90-180 back from onboarding; chunks carry chunk_order and a rising progress to 100;
 * empty phases send nothing; media arrives as `media_placeholder`, and for the last 14 days a
 * follow-up carries the media object under the same id.
 */

export type HistoryContact = { waId: string; name?: string };

export type GeneratedMessage = {
  id: string;
  from: string;
  to?: string;
  timestamp: number;
  /** "text" or "media_placeholder" in the history chunk. */
  type: "text" | "media_placeholder";
  text?: { body: string };
  /** For placeholders: what the media really was (used by the follow-up). */
  media?: {
    kind: (typeof mediaTypes)[number];
    mimeType: string;
    caption?: string;
    filename?: string;
    sha256: string;
    id: string;
  };
  status: "SENT" | "DELIVERED" | "READ" | "PLAYED" | "ERROR";
  threadId: string;
};

const CUSTOMER_LINES = [
  "Hi! Are you open today?",
  "How much is the delivery to my area?",
  "Do you still have the blue one in size M?",
  "Can I book for Saturday at 10?",
  "Thanks, received it 🙏",
  "Is it possible to pay by card on delivery?",
  "What time do you close?",
  "I'd like to change my order",
  "Great, see you then",
  "Can you send me the price list?",
  "My package hasn't arrived yet",
  "Perfect 👍",
];
const BUSINESS_LINES = [
  "Hello! Yes, we're open from 9 to 6.",
  "Delivery is free above 50.",
  "Yes, we have it. Shall I reserve it for you?",
  "Booked! See you on Saturday at 10.",
  "You're welcome, have a nice day!",
  "Yes, card is fine.",
  "We close at 6 today.",
  "Sure, what would you like to change?",
  "Here is our price list.",
  "Let me check with the courier and get back to you.",
  "Thank you for your order!",
];
const MEDIA: {
  kind: (typeof mediaTypes)[number];
  mimeType: string;
  caption?: string;
  filename?: string;
}[] = [
  { kind: "image", mimeType: "image/jpeg", caption: "Here it is" },
  { kind: "image", mimeType: "image/jpeg" },
  {
    kind: "document",
    mimeType: "application/pdf",
    caption: "Price list",
    filename: "price-list.pdf",
  },
  { kind: "audio", mimeType: "audio/ogg; codecs=opus" },
  { kind: "video", mimeType: "video/mp4" },
  { kind: "sticker", mimeType: "image/webp" },
];

const DAY = 86_400;
export const HISTORY_MAX_DAYS = 180;
export const MEDIA_FOLLOWUP_DAYS = 14;

export function phaseOf(ageSeconds: number): 0 | 1 | 2 {
  if (ageSeconds < DAY) return 0;
  if (ageSeconds < 90 * DAY) return 1;
  return 2;
}

/**
 * Meta names no chunk size: chunks depend "on the total number of messages that comprise the
 * thread", and "a single webhook could potentially describe thousands of messages". The sandbox
 * sends 40 a chunk unless a number says otherwise (a small history still spans several chunks,
 * so a progress bar can be watched), up to 5,000 (~1.3 MB, under the hub's 4 MB limit).
 */
export const HISTORY_CHUNK_MESSAGES = 40;
export const HISTORY_MAX_CHUNK_MESSAGES = 5_000;
/** A busy business: up to 5,000 messages a day (180 days of it is 900,000 messages). */
export const HISTORY_MAX_MESSAGES_PER_DAY = 5_000;

/**
 * All history messages of a business, oldest first. By default each contact has 1 to 4
 * conversations; with `messagesPerDay`, conversations with random contacts are drawn until the
 * history holds exactly `messagesPerDay × days` messages (a large history for benchmarks).
 */
export function generateHistoryMessages(input: {
  seed: string;
  businessNumber: string;
  contacts: HistoryContact[];
  days: number;
  /** Onboarding time, unix seconds: history runs back from here. */
  until: number;
  messagesPerDay?: number | null;
}): GeneratedMessage[] {
  const rng = seededRng(`history:${input.seed}:${input.until}`);
  const days = Math.max(0, Math.min(HISTORY_MAX_DAYS, input.days));
  const messages: GeneratedMessage[] = [];
  if (days === 0 || input.contacts.length === 0) return messages;
  let counter = 0;
  const conversation = (contact: HistoryContact, limit: number) => {
    // Bias towards recent days so phase 0 and the 14-day media rule are exercised.
    const recent = rng.chance(0.35);
    const ageDays = recent ? rng.next() * Math.min(days, 3) : rng.next() * days;
    let at = Math.floor(input.until - ageDays * DAY);
    const turns = rng.int(2, 7);
    let fromCustomer = rng.chance(0.8);
    for (let t = 0; t < turns && at < input.until && messages.length < limit; t++) {
      messages.push(makeMessage(rng, input, contact, fromCustomer, at, counter++));
      at += rng.int(20, 3600);
      fromCustomer = rng.chance(0.3) ? fromCustomer : !fromCustomer;
    }
  };
  const perDay = Math.min(HISTORY_MAX_MESSAGES_PER_DAY, Math.max(0, input.messagesPerDay ?? 0));
  if (perDay > 0) {
    const total = Math.round(perDay * days);
    while (messages.length < total) conversation(rng.pick(input.contacts), total);
  } else {
    for (const contact of input.contacts) {
      const conversations = rng.int(1, 4);
      for (let c = 0; c < conversations; c++) conversation(contact, Number.POSITIVE_INFINITY);
    }
  }
  return messages.sort((a, b) => a.timestamp - b.timestamp || compare(a.id, b.id));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function makeMessage(
  rng: Rng,
  input: { seed: string; businessNumber: string; until: number },
  contact: HistoryContact,
  fromCustomer: boolean,
  timestamp: number,
  counter: number,
): GeneratedMessage {
  const id = wamid(`${input.seed}:${input.until}:${counter}`);
  const base = {
    id,
    timestamp,
    threadId: contact.waId,
    from: fromCustomer ? contact.waId : input.businessNumber,
    ...(fromCustomer ? {} : { to: contact.waId }),
    status: fromCustomer
      ? ("READ" as const)
      : rng.pick(["READ", "READ", "DELIVERED", "SENT"] as const),
  };
  if (rng.chance(0.15)) {
    const media = rng.pick(MEDIA);
    return {
      ...base,
      type: "media_placeholder",
      media: { ...media, sha256: id.slice(6).padEnd(64, "0").slice(0, 64), id: rng.digits(16) },
      status: media.kind === "audio" && base.status === "READ" ? "PLAYED" : base.status,
    };
  }
  return {
    ...base,
    type: "text",
    text: { body: rng.pick(fromCustomer ? CUSTOMER_LINES : BUSINESS_LINES) },
  };
}

export type HistoryChunkPlan = {
  phase: 0 | 1 | 2;
  chunkOrder: number;
  progress: number;
  threads: { id: string; messages: GeneratedMessage[] }[];
};

/** Splits the history into Meta's chunks: per phase, `chunkSize` messages each, progress rising to 100. */
export function planHistoryChunks(
  messages: GeneratedMessage[],
  until: number,
  chunkSize = HISTORY_CHUNK_MESSAGES,
): HistoryChunkPlan[] {
  const total = messages.length;
  if (total === 0) return [{ phase: 0, chunkOrder: 1, progress: 100, threads: [] }];
  const size = Math.max(1, Math.min(HISTORY_MAX_CHUNK_MESSAGES, Math.floor(chunkSize)));
  const byPhase: GeneratedMessage[][] = [[], [], []];
  for (const m of messages) byPhase[phaseOf(until - m.timestamp)]!.push(m);
  const plans: HistoryChunkPlan[] = [];
  let done = 0;
  for (const phase of [0, 1, 2] as const) {
    // Newest first within a phase, as the phone sends its recent chats first.
    const inPhase = byPhase[phase]!.sort((a, b) => b.timestamp - a.timestamp);
    for (let i = 0, order = 1; i < inPhase.length; i += size, order++) {
      const slice = inPhase.slice(i, i + size);
      done += slice.length;
      const threads = new Map<string, GeneratedMessage[]>();
      for (const m of slice) {
        const list = threads.get(m.threadId);
        if (list) list.push(m);
        else threads.set(m.threadId, [m]);
      }
      plans.push({
        phase,
        chunkOrder: order,
        progress: done === total ? 100 : Math.min(99, Math.floor((done / total) * 100)),
        threads: [...threads].map(([id, list]) => ({
          id,
          messages: list.sort((a, b) => a.timestamp - b.timestamp),
        })),
      });
    }
  }
  return plans;
}

/** Placeholders from the last 14 days get a follow-up with the media object. */
export function mediaFollowUps(messages: GeneratedMessage[], until: number): GeneratedMessage[] {
  return messages.filter(
    (m) => m.type === "media_placeholder" && until - m.timestamp <= MEDIA_FOLLOWUP_DAYS * DAY,
  );
}

/**
 * Who sent a history message and to whom, as Meta names them: the customer by number and BSUID
 * (or BSUID alone when they hide the number), the business by its number.
 */
function partiesOf(m: GeneratedMessage, who: CustomerIdentity) {
  return m.to === undefined ? senderFields(who) : { from: m.from, ...recipientFields(who) };
}

/** A history message as Meta writes it inside `threads[].messages[]`. */
export function toHistoryMessage(m: GeneratedMessage, who: CustomerIdentity) {
  return {
    ...partiesOf(m, who),
    id: m.id,
    timestamp: String(m.timestamp),
    type: m.type,
    ...(m.text ? { text: m.text } : {}),
    history_context: { status: m.status },
  };
}

/** The follow-up message: same id, the real media type and object. */
export function toMediaFollowUp(m: GeneratedMessage, who: CustomerIdentity) {
  const media = m.media!;
  return {
    ...partiesOf(m, who),
    id: m.id,
    timestamp: String(m.timestamp),
    type: media.kind,
    [media.kind]: {
      id: media.id,
      mime_type: media.mimeType,
      sha256: media.sha256,
      ...(media.caption ? { caption: media.caption } : {}),
      ...(media.filename ? { filename: media.filename } : {}),
    },
  };
}

const FIRST_NAMES = [
  "Ana",
  "João",
  "Maria",
  "Pedro",
  "Lucía",
  "Carlos",
  "Priya",
  "Arjun",
  "Sofia",
  "Lena",
  "Budi",
  "Siti",
  "Emma",
  "Noah",
  "Fatima",
  "Omar",
];
const LAST_NAMES = [
  "Silva",
  "Souza",
  "García",
  "Müller",
  "Sharma",
  "Santoso",
  "Smith",
  "Costa",
  "Rossi",
  "Khan",
];

/** Deterministic contacts for a number: names and valid mobile numbers in the business's country. */
export function generateContacts(
  seed: string,
  country: CountryCode,
  count: number,
): HistoryContact[] {
  const rng = seededRng(`contacts:${seed}`);
  const seen = new Set<string>();
  const contacts: HistoryContact[] = [];
  // Bounded: a country with a strict numbering plan may run out of distinct numbers.
  for (let attempt = 0; contacts.length < count && attempt < count * 50; attempt++) {
    const waId = validMobileNumber(country, rng);
    if (seen.has(waId)) continue;
    seen.add(waId);
    contacts.push({ waId, name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` });
  }
  return contacts;
}
