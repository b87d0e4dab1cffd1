/**
 * Meta-shaped webhook bodies for tests, the e2e spec and the benchmark (plain module: no
 * server-only, no database). Shapes follow lib/meta/fixtures and ../shared/spec/coexistence.md §2.
 */
export type ChannelIds = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

type Change = { field: string; value: unknown };

export function envelope(wabaId: string, changes: Change[], time?: number) {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: wabaId, ...(time ? { time } : {}), changes }],
  };
}

/** Several entries in one POST (Meta batches). */
export function batch(...bodies: ReturnType<typeof envelope>[]) {
  return { object: "whatsapp_business_account", entry: bodies.flatMap((b) => b.entry) };
}

const metadata = (c: ChannelIds) => ({
  display_phone_number: c.displayPhoneNumber,
  phone_number_id: c.phoneNumberId,
});

export function customerText(
  c: ChannelIds,
  m: { wamid: string; from: string; ts: number; body: string; name?: string },
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      contacts: [{ profile: { name: m.name ?? `Customer ${m.from}` }, wa_id: m.from }],
      messages: [
        {
          from: m.from,
          id: m.wamid,
          timestamp: String(m.ts),
          type: "text",
          text: { body: m.body },
        },
      ],
    },
  };
}

export function customerMessage(
  c: ChannelIds,
  from: string,
  message: Record<string, unknown>,
  name?: string,
): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      contacts: [{ profile: { name: name ?? `Customer ${from}` }, wa_id: from }],
      messages: [{ from, ...message }],
    },
  };
}

export type StatusSpec = {
  wamid: string;
  status: "sent" | "delivered" | "read" | "played" | "failed";
  ts: number;
  to: string;
  pricing?: boolean;
};

export function statuses(c: ChannelIds, list: StatusSpec[]): Change {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      statuses: list.map((s) => ({
        id: s.wamid,
        status: s.status,
        timestamp: String(s.ts),
        recipient_id: s.to,
        ...(s.pricing
          ? {
              pricing: {
                billable: true,
                pricing_model: "PMP",
                type: "regular",
                category: "marketing",
              },
            }
          : {}),
        ...(s.status === "failed"
          ? {
              errors: [
                {
                  code: 131049,
                  title: "Meta chose not to deliver.",
                  message: "Meta chose not to deliver.",
                },
              ],
            }
          : {}),
      })),
    },
  };
}

export function echoText(
  c: ChannelIds,
  m: { wamid: string; to: string; ts: number; body: string },
): Change {
  return {
    field: "smb_message_echoes",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      message_echoes: [
        {
          from: c.displayPhoneNumber,
          to: m.to,
          id: m.wamid,
          timestamp: String(m.ts),
          type: "text",
          text: { body: m.body },
        },
      ],
    },
  };
}

export type HistoryMessageSpec = {
  wamid: string;
  customer: string;
  outbound: boolean;
  ts: number;
  body?: string;
  placeholder?: boolean;
  status?: "SENT" | "DELIVERED" | "READ" | "PLAYED" | "PENDING" | "ERROR";
};

function historyMessage(c: ChannelIds, m: HistoryMessageSpec) {
  return {
    from: m.outbound ? c.displayPhoneNumber : m.customer,
    ...(m.outbound ? { to: m.customer } : {}),
    id: m.wamid,
    timestamp: String(m.ts),
    ...(m.placeholder
      ? { type: "media_placeholder" }
      : { type: "text", text: { body: m.body ?? "" } }),
    history_context: { status: m.status ?? (m.outbound ? "READ" : "DELIVERED") },
  };
}

export function historyChunk(
  c: ChannelIds,
  chunk: { phase: number; chunkOrder: number; progress: number; messages: HistoryMessageSpec[] },
): Change {
  const threads = new Map<string, HistoryMessageSpec[]>();
  for (const m of chunk.messages) threads.set(m.customer, [...(threads.get(m.customer) ?? []), m]);
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      history: [
        {
          metadata: { phase: chunk.phase, chunk_order: chunk.chunkOrder, progress: chunk.progress },
          threads: [...threads].map(([id, messages]) => ({
            id,
            messages: messages.map((m) => historyMessage(c, m)),
          })),
        },
      ],
    },
  };
}

export function mediaFollowUp(
  c: ChannelIds,
  m: { wamid: string; customer: string; outbound: boolean; ts: number; caption: string },
): Change {
  return {
    field: "history",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      messages: [
        {
          from: m.outbound ? c.displayPhoneNumber : m.customer,
          ...(m.outbound ? { to: m.customer } : {}),
          id: m.wamid,
          timestamp: String(m.ts),
          type: "image",
          image: {
            caption: m.caption,
            mime_type: "image/jpeg",
            sha256: "ab".repeat(32),
            id: `media-${m.wamid}`,
          },
        },
      ],
    },
  };
}

export function contactSync(
  c: ChannelIds,
  items: { phone: string; action: "add" | "remove"; name?: string; ts: number }[],
): Change {
  return {
    field: "smb_app_state_sync",
    value: {
      messaging_product: "whatsapp",
      metadata: metadata(c),
      state_sync: items.map((i) => ({
        type: "contact",
        contact: {
          phone_number: i.phone,
          ...(i.name ? { full_name: i.name, first_name: i.name.split(" ")[0] } : {}),
        },
        action: i.action,
        metadata: { timestamp: String(i.ts) },
      })),
    },
  };
}

export function accountUpdate(c: ChannelIds, event: string, reason?: string): Change {
  return {
    field: "account_update",
    value: {
      phone_number: c.displayPhoneNumber,
      event,
      ...(reason ? { disconnection_info: { reason, initiated_by: "SYSTEM" } } : {}),
    },
  };
}

/** Rewrites a fixture's ids (the fixtures use 106540352242922 / 102290129340398) to a channel's. */
export function retargetFixture(fixtureText: string, c: ChannelIds, suffix = ""): string {
  return fixtureText
    .replaceAll("106540352242922", c.phoneNumberId)
    .replaceAll("102290129340398", c.wabaId)
    .replaceAll("15550783881", c.displayPhoneNumber)
    .replace(/"(wamid\.[A-Za-z0-9+/=_-]+)"/g, (_, id: string) => `"${id}${suffix}"`);
}

/**
 * How a payload names a customer since Meta's BSUIDs (2026): by number, by business-scoped user
 * id, or both; a username-only customer has no number in any payload.
 */
export type Who = {
  waId?: string;
  userId?: string;
  parentUserId?: string;
  username?: string;
  name?: string;
};

/** The fields naming a customer in one payload (`from`/`from_user_id`, `to`/`to_user_id`...). */
function namedAs(who: Who, phoneField: string, userField: string) {
  return {
    ...(who.waId ? { [phoneField]: who.waId } : {}),
    ...(who.userId ? { [userField]: who.userId } : {}),
  };
}

/** A text message of the customer, or of the app to them (an echo). */
const textItem = (m: { wamid: string; ts: number; body: string }) => ({
  id: m.wamid,
  timestamp: String(m.ts),
  type: "text",
  text: { body: m.body },
});

/** A change of one field for this channel's number, in Meta's envelope of a value. */
const changeOf = (field: string, c: ChannelIds, value: Record<string, unknown>): Change => ({
  field,
  value: { messaging_product: "whatsapp", metadata: metadata(c), ...value },
});

/** A customer's text as Meta sends it with BSUIDs: `from` only when the number is known. */
export function customerTextFrom(
  c: ChannelIds,
  who: Who,
  m: { wamid: string; ts: number; body: string },
): Change {
  return changeOf("messages", c, {
    contacts: [
      {
        profile: {
          ...(who.name ? { name: who.name } : {}),
          ...(who.username ? { username: who.username } : {}),
        },
        ...namedAs(who, "wa_id", "user_id"),
        ...(who.parentUserId ? { parent_user_id: who.parentUserId } : {}),
      },
    ],
    messages: [{ ...namedAs(who, "from", "from_user_id"), ...textItem(m) }],
  });
}

/** Statuses naming their recipient by number, BSUID or both (failed ones carry no contacts). */
export function statusesTo(
  c: ChannelIds,
  who: Who,
  list: { wamid: string; status: StatusSpec["status"]; ts: number }[],
): Change {
  return changeOf("messages", c, {
    statuses: list.map((s) => ({
      id: s.wamid,
      status: s.status,
      timestamp: String(s.ts),
      ...namedAs(who, "recipient_id", "recipient_user_id"),
    })),
  });
}

/** An app echo to a number or, with no number, to a BSUID (`to_user_id`). */
export function echoTextTo(
  c: ChannelIds,
  who: Who,
  m: { wamid: string; ts: number; body: string },
): Change {
  return changeOf("smb_message_echoes", c, {
    message_echoes: [
      { from: c.displayPhoneNumber, ...namedAs(who, "to", "to_user_id"), ...textItem(m) },
    ],
  });
}

/** One history thread of a username-only customer: named in `context`, no phone `id`. */
export function historyThreadOf(
  c: ChannelIds,
  who: Who,
  list: { wamid: string; ts: number; body: string; fromBusiness: boolean }[],
): Change {
  return changeOf("history", c, {
    history: [
      {
        metadata: { phase: 0, chunk_order: 1, progress: 100 },
        threads: [
          {
            ...(who.waId ? { id: who.waId } : {}),
            context: {
              ...(who.userId ? { user_id: who.userId } : {}),
              ...(who.username ? { username: who.username } : {}),
            },
            messages: list.map((m) => ({
              ...(m.fromBusiness
                ? { from: c.displayPhoneNumber, ...(who.waId ? { to: who.waId } : {}) }
                : who.waId
                  ? { from: who.waId }
                  : { from_user_id: who.userId }),
              id: m.wamid,
              timestamp: String(m.ts),
              type: "text",
              text: { body: m.body },
              history_context: { status: m.fromBusiness ? "READ" : "DELIVERED" },
            })),
          },
        ],
      },
    ],
  });
}

/** A BSUID change in Meta's first shape: field `user_id_update`, nested previous/current. */
export function userIdUpdate(
  c: ChannelIds,
  change: { previous: string; current: string; waId?: string; ts: number },
): Change {
  return changeOf("user_id_update", c, {
    user_id_update: [
      {
        ...(change.waId ? { wa_id: change.waId } : {}),
        detail: { previous: { user_id: change.previous }, current: { user_id: change.current } },
        timestamp: String(change.ts),
      },
    ],
  });
}

/** The same change as Meta's August 2026 changelog says it: a `system` message. */
export function userChangedUserId(
  c: ChannelIds,
  change: {
    wamid: string;
    previous: string;
    current: string;
    waId?: string;
    ts: number;
    kind?: "user_changed_user_id" | "user_changed_number";
  },
): Change {
  return changeOf("messages", c, {
    // Meta's reference: a system message carries no contacts[].
    messages: [
      {
        from_user_id: change.previous,
        id: change.wamid,
        timestamp: String(change.ts),
        type: "system",
        system: {
          type: change.kind ?? "user_changed_user_id",
          body: "User changed their WhatsApp account",
          user_id: change.current,
          previous_user_id: change.previous,
          ...(change.waId ? { wa_id: change.waId } : {}),
        },
      },
    ],
  });
}
