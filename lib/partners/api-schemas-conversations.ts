import { z } from "zod";
import { messageDirections, messageOrigins, messageStatusValues } from "@/db/schema/chats";
import { decodeCursor } from "@/lib/chats/rows";
import { DEFAULT_LIMIT, type ListSpec, MAX_LIMIT } from "./list-query";

/**
 * The Partner API's conversations and messages ("ours on top" of 360dialog's): the mirrored chats
 * of a channel, as software reads them. Used by the routes to parse and by the OpenAPI document.
 */
const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp");

export const conversationResource = z.object({
  contact_id: z.uuid(),
  channel_id: z.uuid(),
  wa_id: z
    .string()
    .nullable()
    .describe(
      "The customer's WhatsApp number, digits only; null when they hide it behind a username",
    ),
  user_id: z
    .string()
    .nullable()
    .describe("The customer's business-scoped user id (BSUID, e.g. BR.1502576394655843)"),
  username: z.string().nullable().describe("The customer's WhatsApp username, when they have one"),
  name: z
    .string()
    .describe(
      "The name saved in the app, else the WhatsApp profile name, else the username, the number or the BSUID",
    ),
  last_live_message_at: timestamp
    .nullable()
    .describe("Last live message (imported history does not count): the list's order"),
  last_message: z
    .object({
      id: z.uuid(),
      origin: z.enum(messageOrigins),
      type: z.string(),
      text: z.string().nullable().describe("Null for media without caption and deleted messages"),
      timestamp,
      status: z.enum(messageStatusValues).nullable(),
      revoked: z.boolean(),
    })
    .nullable(),
  window: z
    .object({
      open: z.boolean(),
      closes_at: timestamp.nullable(),
      closed_at: timestamp.nullable(),
    })
    .describe("The 24-hour customer service window of the API (echoes and history open nothing)"),
  unread: z.boolean().describe("The customer wrote last and nobody answered yet"),
});
export type ConversationResource = z.infer<typeof conversationResource>;

export const conversationListSpec = {
  filters: z.object({
    window_open: z.boolean().optional().describe("The service window is open (true) or not"),
    unread: z.boolean().optional().describe("The customer wrote last (true) or not"),
    origin: z.enum(messageOrigins).optional().describe("Origin of the last message"),
    search: z
      .string()
      .max(200)
      .optional()
      .describe("Words of the name, the number or any message's text (prefix match)"),
  }),
  sortFields: ["last_live_message_at", "name"],
  defaultSort: "-last_live_message_at",
} satisfies ListSpec<z.ZodObject>;

export const messageResource = z.object({
  id: z.uuid(),
  wamid: z
    .string()
    .nullable()
    .describe("Meta's message id; null for an API send Meta has not accepted yet"),
  cursor: z.string().describe("This message's position, for `before` / `after`"),
  origin: z
    .enum(messageOrigins)
    .describe(
      "customer, api (sent through the Cloud API), app (typed in the phone's app), history",
    ),
  direction: z.enum(messageDirections),
  type: z.string().describe("Meta's type: text, image, location, template, ..."),
  status: z.enum(messageStatusValues).nullable().describe("Outbound only"),
  status_at: timestamp.nullable(),
  failure_reason: z.string().nullable(),
  text: z
    .string()
    .nullable()
    .describe("Body, caption or reply title (latest edit); null when deleted"),
  edited: z.boolean(),
  edited_at: timestamp.nullable(),
  revoked: z.boolean(),
  revoked_at: timestamp.nullable(),
  media: z
    .object({
      kind: z.string(),
      caption: z.string().nullable(),
      mime_type: z.string().nullable(),
      filename: z.string().nullable(),
    })
    .nullable(),
  context: z.object({
    reply_to_wamid: z.string().nullable().describe("The message this one quotes"),
    referral: z.record(z.string(), z.unknown()).nullable().describe("The ad or post it came from"),
    template: z.object({ name: z.string(), category: z.string().nullable() }).nullable(),
  }),
  wa_id: z.string().nullable().describe("The customer's number; null for a username-only customer"),
  user_id: z.string().nullable().describe("The customer's business-scoped user id (BSUID)"),
  username: z.string().nullable().describe("The customer's WhatsApp username"),
  timestamp: timestamp.describe("Meta's time of the message"),
  received_at: timestamp.describe(
    "When the hub received it: its first webhook, or the API send; imported history: `timestamp`",
  ),
  cost: z
    .object({
      charged: z.boolean(),
      category: z.string(),
      amount: z.string().nullable().describe("Decimal; null when free or no rate is known"),
      amount_micros: z.number().int().nullable(),
      currency: z.string().nullable(),
      reason: z.string(),
      free_because: z.string().nullable(),
    })
    .nullable()
    .describe("Outbound messages once priced (within about 15 seconds); null otherwise"),
});
export type MessageResource = z.infer<typeof messageResource>;

const cursor = z
  .string()
  .refine((value) => decodeCursor(value) !== null, "Not a cursor from this API")
  .describe("A message's `cursor` (or a `next_cursor`)");

export const messageFilters = z.object({
  origin: z.enum(messageOrigins).optional(),
  direction: z.enum(messageDirections).optional(),
  type: z.string().max(40).optional(),
  status: z.enum(messageStatusValues).optional(),
});

const jsonObject = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "filters must be a JSON object" });
    return z.NEVER;
  }
});

/** Keyset pages: `before` / `after` are exclusive bounds; no offset, so pages never shift. */
export const messagePageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: cursor.optional().describe("Only messages older than this cursor"),
  after: cursor.optional().describe("Only messages newer than this cursor"),
  sort: z
    .enum(["-timestamp", "timestamp"])
    .default("-timestamp")
    .describe("-timestamp: newest first (page backwards with before); timestamp: oldest first"),
  filters: jsonObject.pipe(messageFilters.strict()).optional(),
});

export const messagePageResource = z.object({
  count: z.number().int(),
  limit: z.number().int(),
  sort: z.enum(["-timestamp", "timestamp"]),
  filters: z.record(z.string(), z.unknown()),
  before: z.string().nullable(),
  after: z.string().nullable(),
  next_cursor: z
    .string()
    .nullable()
    .describe(
      "More messages in this direction: pass it as `before` (sort -timestamp) or `after` (sort timestamp); null at the end",
    ),
  messages: z.array(messageResource),
});
