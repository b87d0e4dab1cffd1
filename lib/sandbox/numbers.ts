import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import {
  type SandboxFaults,
  type SandboxNumber,
  sandboxCodes,
  sandboxContacts,
  sandboxMessages,
  sandboxNumbers,
  sandboxSettings,
  sandboxSyncRequests,
  sandboxTemplates,
  sandboxTokens,
  sandboxWebhookDeliveries,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sandboxNow } from "./clock";
import { ensureCustomer, ensureCustomers, identityOf, resolveCustomer } from "./customers";
import { emitWebhooks } from "./deliveries";
import { generateContacts, HISTORY_CHUNK_MESSAGES } from "./history";
import { recordSandboxMedia, webhookMediaObject } from "./media";
import {
  type AccountEvent,
  accountUpdateChange,
  echoChange,
  inboundChange,
  stateSyncChange,
  statusChange,
} from "./payloads";
import { isSandboxCountry, validMobileNumber } from "./phone-numbers";
import { metaId, seededRng, sha256Hex, wamid } from "./random";

/** A signup code is exchangeable for 30 seconds (Meta). */
export const CODE_TTL_MS = 30_000;

export async function createSandboxNumber(input: {
  country?: string;
  displayName?: string;
  contacts?: number;
  historyDays?: number;
  historyMessagesPerDay?: number;
  historyChunkSize?: number;
  shareHistory?: boolean;
  eligible?: boolean;
  webhookUrl?: string;
  faults?: SandboxFaults;
  autoRead?: boolean;
  parentBsuids?: boolean;
}): Promise<SandboxNumber> {
  const country = (input.country ?? "BR").toUpperCase();
  if (!isSandboxCountry(country)) {
    throw new AppError(
      "unprocessable",
      `Unknown country code ${country}: use ISO 3166 letters like BR.`,
    );
  }
  const phoneNumberId = metaId();
  const rng = seededRng(`number:${phoneNumberId}`);
  const displayPhoneNumber = validMobileNumber(country, rng);
  const name = input.displayName ?? `Sandbox Shop ${displayPhoneNumber.slice(-4)}`;
  const db = getDb();
  const [number] = await db
    .insert(sandboxNumbers)
    .values({
      phoneNumberId,
      wabaId: metaId(),
      businessId: metaId(),
      businessName: `${name} Ltd`,
      displayPhoneNumber,
      countryCode: country,
      verifiedName: name,
      eligible: input.eligible ?? true,
      shareHistory: input.shareHistory ?? true,
      historyDays: input.historyDays ?? 90,
      historyMessagesPerDay: input.historyMessagesPerDay ?? null,
      historyChunkSize: input.historyChunkSize ?? HISTORY_CHUNK_MESSAGES,
      webhookUrl: input.webhookUrl ?? null,
      faults: input.faults ?? {},
      autoRead: input.autoRead ?? true,
      parentBsuids: input.parentBsuids ?? false,
    })
    .returning();
  const contacts = generateContacts(phoneNumberId, country, input.contacts ?? 8);
  // Sliced: a busy business's 20,000 contacts are more parameters than one statement takes.
  for (let i = 0; i < contacts.length; i += 5_000) {
    await db.insert(sandboxContacts).values(
      contacts.slice(i, i + 5_000).map((contact) => ({
        phoneNumberId,
        waId: contact.waId,
        fullName: contact.name,
        firstName: contact.name?.split(" ")[0],
      })),
    );
  }
  return number!;
}

export async function listSandboxNumbers() {
  return getDb().select().from(sandboxNumbers).orderBy(desc(sandboxNumbers.createdAt));
}

export async function findSandboxNumber(phoneNumberId: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxNumbers)
    .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
  return row;
}

export async function findSandboxNumberByWaba(wabaId: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxNumbers)
    .where(eq(sandboxNumbers.wabaId, wabaId));
  return row;
}

export async function getSandboxNumberByWaba(wabaId: string): Promise<SandboxNumber> {
  const number = await findSandboxNumberByWaba(wabaId);
  if (!number) throw new AppError("not_found", "No sandbox number with this WABA.");
  return number;
}

export async function getSandboxNumber(phoneNumberId: string): Promise<SandboxNumber> {
  const number = await findSandboxNumber(phoneNumberId);
  if (!number) throw new AppError("not_found", "No sandbox number with this phone_number_id.");
  return number;
}

export async function listSandboxContacts(phoneNumberId: string) {
  return getDb()
    .select()
    .from(sandboxContacts)
    .where(eq(sandboxContacts.phoneNumberId, phoneNumberId))
    .orderBy(asc(sandboxContacts.createdAt), asc(sandboxContacts.waId));
}

export async function listSandboxMessages(phoneNumberId: string, limit = 50) {
  return getDb()
    .select()
    .from(sandboxMessages)
    .where(eq(sandboxMessages.phoneNumberId, phoneNumberId))
    .orderBy(desc(sandboxMessages.at), desc(sandboxMessages.createdAt))
    .limit(limit);
}

/** Partial update from the phone simulator (faults, history answer, webhook URL, eligibility). */
export async function updateSandboxNumber(
  phoneNumberId: string,
  patch: Partial<
    Pick<
      SandboxNumber,
      | "faults"
      | "shareHistory"
      | "eligible"
      | "webhookUrl"
      | "historyDays"
      | "historyMessagesPerDay"
      | "historyChunkSize"
      | "autoRead"
      | "parentBsuids"
    >
  >,
) {
  const [row] = await getDb()
    .update(sandboxNumbers)
    .set(patch)
    .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId))
    .returning();
  if (!row) throw new AppError("not_found", "No sandbox number with this phone_number_id.");
  return row;
}

/**
 * The business finished Embedded Signup on its phone: the number is connected (onboarded now,
 * syncs allowed again for 24 hours) and a 30-second code is issued for the partner's server.
 */
export async function completeSandboxSignup(input: {
  phoneNumberId: string;
  shareHistory?: boolean;
}) {
  const number = await getSandboxNumber(input.phoneNumberId);
  if (!number.eligible) {
    throw new AppError(
      "conflict",
      "This number is not eligible for the WhatsApp Business app onboarding.",
    );
  }
  const now = await sandboxNow();
  const code = `SBXCODE${randomBytes(24).toString("base64url")}`;
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(sandboxNumbers)
      .set({
        status: "connected",
        onboardedAt: now,
        lastAppActivityAt: now,
        shareHistory: input.shareHistory ?? number.shareHistory,
      })
      .where(eq(sandboxNumbers.phoneNumberId, number.phoneNumberId));
    // Re-onboarding restarts the 24-hour, one-shot syncs.
    await tx
      .delete(sandboxSyncRequests)
      .where(eq(sandboxSyncRequests.phoneNumberId, number.phoneNumberId));
    await tx.insert(sandboxCodes).values({
      codeHash: sha256Hex(code),
      phoneNumberId: number.phoneNumberId,
      issuedAt: now,
    });
  });
  return {
    code,
    waba_id: number.wabaId,
    phone_number_id: number.phoneNumberId,
    business_id: number.businessId,
  };
}

export type CodeExchange =
  | { ok: true; accessToken: string; wabaId: string }
  | { ok: false; reason: "unknown" | "expired" | "used" };

/** Uses a code once, within 30 seconds of sandbox time; issues a business token for its WABA. */
export async function redeemSandboxCode(code: string): Promise<CodeExchange> {
  const db = getDb();
  const now = await sandboxNow();
  const hash = sha256Hex(code);
  const [row] = await db.select().from(sandboxCodes).where(eq(sandboxCodes.codeHash, hash));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (now.getTime() - row.issuedAt.getTime() > CODE_TTL_MS) return { ok: false, reason: "expired" };
  // The conditional update is the guard against two concurrent exchanges of one code.
  const claimed = await db
    .update(sandboxCodes)
    .set({ usedAt: now })
    .where(and(eq(sandboxCodes.codeHash, hash), sql`${sandboxCodes.usedAt} is null`))
    .returning();
  if (claimed.length === 0) return { ok: false, reason: "used" };
  const number = await getSandboxNumber(row.phoneNumberId);
  const accessToken = `SBXEAA${randomBytes(32).toString("base64url")}`;
  await db
    .insert(sandboxTokens)
    .values({ tokenHash: sha256Hex(accessToken), wabaId: number.wabaId });
  return { ok: true, accessToken, wabaId: number.wabaId };
}

/** The WABA a business token was issued for, or undefined. */
export async function wabaOfToken(token: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ wabaId: sandboxTokens.wabaId })
    .from(sandboxTokens)
    .where(eq(sandboxTokens.tokenHash, sha256Hex(token)));
  return row?.wabaId;
}

// ---- what happens on the phone ----------------------------------------------------------------

async function contactName(phoneNumberId: string, waId: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxContacts)
    .where(and(eq(sandboxContacts.phoneNumberId, phoneNumberId), eq(sandboxContacts.waId, waId)));
  return row?.fullName ?? row?.firstName ?? undefined;
}

async function defaultCustomer(phoneNumberId: string) {
  const [row] = await listSandboxContacts(phoneNumberId);
  if (!row)
    throw new AppError(
      "unprocessable",
      "This number has no contacts: give `from` / `to` explicitly.",
    );
  return row.waId;
}

export type InboundInput = {
  /** The customer: their number (digits), BSUID or @username; else the first contact. */
  from?: string;
  name?: string;
  type:
    | "text"
    | "image"
    | "document"
    | "sticker"
    | "audio"
    | "location"
    | "reply"
    | "reaction"
    | "button"
    | "referral";
  text?: string;
  caption?: string;
  /** A document's file name. */
  filename?: string;
  replyTo?: string;
  messageId?: string;
  emoji?: string;
  buttonId?: string;
  buttonTitle?: string;
  latitude?: number;
  longitude?: number;
  locationName?: string;
  headline?: string;
  faults?: SandboxFaults;
};

const MEDIA_MIME: Record<"image" | "document" | "sticker" | "audio", string> = {
  image: "image/jpeg",
  document: "application/pdf",
  sticker: "image/webp",
  // A voice note, as WhatsApp records them.
  audio: "audio/ogg; codecs=opus",
};

/** New media on the phone: kept for GET /{media-id}, returned as the message's media object. */
async function newSandboxMedia(
  phoneNumberId: string,
  kind: keyof typeof MEDIA_MIME,
  at: Date,
  input: { caption?: string; filename?: string },
) {
  const media = {
    mediaId: metaId(),
    kind,
    mimeType: MEDIA_MIME[kind],
    // Meta carries captions on images, videos and documents; file names on documents.
    caption: kind === "image" || kind === "document" ? input.caption : undefined,
    filename: kind === "document" ? (input.filename ?? "document.pdf") : undefined,
  };
  await recordSandboxMedia([{ ...media, phoneNumberId, sentAt: at }]);
  return {
    ...webhookMediaObject(media),
    ...(kind === "audio" ? { voice: true } : {}),
    ...(kind === "sticker" ? { animated: false } : {}),
  };
}

/** A customer writes to the business: recorded (it opens the service window) and sent as `messages`. */
export async function simulateInbound(phoneNumberId: string, input: InboundInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const customer = await resolveCustomer(
    number,
    input.from ?? (await defaultCustomer(phoneNumberId)),
    { name: input.name },
  );
  const from = customer.waId;
  const name =
    input.name ?? customer.profileName ?? (await contactName(phoneNumberId, from)) ?? undefined;
  const at = await sandboxNow();
  const id = wamid();
  const text = input.text ?? "Hello!";
  let message: Record<string, unknown> & { id: string; type: string };
  switch (input.type) {
    case "text":
      message = { id, type: "text", text: { body: text } };
      break;
    case "image":
    case "document":
    case "sticker":
    case "audio":
      message = {
        id,
        type: input.type,
        [input.type]: await newSandboxMedia(phoneNumberId, input.type, at, input),
      };
      break;
    case "location":
      message = {
        id,
        type: "location",
        location: {
          latitude: input.latitude ?? -23.5505,
          longitude: input.longitude ?? -46.6333,
          ...(input.locationName ? { name: input.locationName } : {}),
        },
      };
      break;
    case "reply":
      if (!input.replyTo) throw new AppError("unprocessable", "A reply needs `replyTo` (a wamid).");
      message = {
        id,
        type: "text",
        text: { body: text },
        context: { from: number.displayPhoneNumber, id: input.replyTo },
      };
      break;
    case "reaction":
      if (!input.messageId) throw new AppError("unprocessable", "A reaction needs `messageId`.");
      message = {
        id,
        type: "reaction",
        reaction: { message_id: input.messageId, emoji: input.emoji ?? "👍" },
      };
      break;
    case "button":
      message = {
        id,
        type: "interactive",
        interactive: {
          type: "button_reply",
          button_reply: { id: input.buttonId ?? "yes", title: input.buttonTitle ?? "Yes" },
        },
        ...(input.replyTo
          ? { context: { from: number.displayPhoneNumber, id: input.replyTo } }
          : {}),
      };
      break;
    case "referral":
      message = {
        id,
        type: "text",
        text: { body: input.text ?? "Hi, I saw your ad!" },
        referral: {
          source_url: "https://fb.me/sandbox-ad",
          source_id: metaId(),
          source_type: "ad",
          headline: input.headline ?? "Spring sale",
          body: "20% off everything",
          ctwa_clid: randomBytes(12).toString("hex"),
        },
      };
      break;
  }
  await getDb().insert(sandboxMessages).values({
    wamid: id,
    phoneNumberId,
    waId: from,
    direction: "inbound",
    type: message.type,
    content: message,
    at,
  });
  const who = { ...identityOf(number, customer), ...(name ? { name } : {}) };
  await emitWebhooks(number, [inboundChange(number, who, message, at)], {
    faults: input.faults,
    at,
  });
  return {
    wamid: id,
    from,
    user_id: customer.userId,
    timestamp: Math.floor(at.getTime() / 1000),
  };
}

export type EchoInput = {
  /** The customer: their number (digits), BSUID or @username; else the first contact. */
  to?: string;
  type: "text" | "image" | "edit" | "revoke";
  text?: string;
  caption?: string;
  originalMessageId?: string;
  faults?: SandboxFaults;
};

/** The business types in the app: sent as `smb_message_echoes` (never opens a window). */
export async function simulateEcho(phoneNumberId: string, input: EchoInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const customer = await resolveCustomer(
    number,
    input.to ?? (await defaultCustomer(phoneNumberId)),
  );
  const to = customer.waId;
  const at = await sandboxNow();
  const id = wamid();
  let message: Record<string, unknown> & { id: string; type: string };
  if (input.type === "text") {
    message = { id, type: "text", text: { body: input.text ?? "Thanks for your message!" } };
  } else if (input.type === "image") {
    message = {
      id,
      type: "image",
      image: await newSandboxMedia(phoneNumberId, "image", at, { caption: input.caption }),
    };
  } else {
    if (!input.originalMessageId) {
      throw new AppError("unprocessable", `An ${input.type} needs \`originalMessageId\`.`);
    }
    message =
      input.type === "edit"
        ? {
            id,
            type: "edit",
            edit: {
              original_message_id: input.originalMessageId,
              message: { type: "text", text: { body: input.text ?? "(edited)" } },
            },
          }
        : { id, type: "revoke", revoke: { original_message_id: input.originalMessageId } };
  }
  await getDb().insert(sandboxMessages).values({
    wamid: id,
    phoneNumberId,
    waId: to,
    direction: "echo",
    type: message.type,
    content: message,
    at,
  });
  await markAppActivity(phoneNumberId, at);
  await emitWebhooks(number, [echoChange(number, identityOf(number, customer), message, at)], {
    faults: input.faults,
    at,
  });
  return { wamid: id, to, user_id: customer.userId, timestamp: Math.floor(at.getTime() / 1000) };
}

/**
 * The customer opens the chat on their phone: `read` statuses for the API messages sent to them
 * (one message by `wamid`, or the latest 20 sent to the customer `waId` names: their number,
 * BSUID or @username). Reading twice is harmless: statuses only move forward in the hub.
 */
export async function simulateRead(
  phoneNumberId: string,
  input: { wamid?: string; waId?: string; faults?: SandboxFaults },
) {
  const number = await getSandboxNumber(phoneNumberId);
  if (!input.wamid && !input.waId) {
    throw new AppError(
      "unprocessable",
      "Give `wamid`, `wa_id` or `user_id`: which message is read.",
    );
  }
  const waId = input.waId ? (await resolveCustomer(number, input.waId)).waId : undefined;
  const sent = await getDb()
    .select({
      wamid: sandboxMessages.wamid,
      waId: sandboxMessages.waId,
      content: sandboxMessages.content,
    })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.phoneNumberId, phoneNumberId),
        eq(sandboxMessages.direction, "api"),
        input.wamid ? eq(sandboxMessages.wamid, input.wamid) : undefined,
        waId ? eq(sandboxMessages.waId, waId) : undefined,
      ),
    )
    .orderBy(desc(sandboxMessages.at))
    .limit(20);
  if (sent.length === 0) {
    throw new AppError("not_found", "No API message of this number matches: nothing to read.");
  }
  const at = await sandboxNow();
  const customers = await ensureCustomers(
    number,
    sent.map((m) => ({ waId: m.waId })),
  );
  await emitWebhooks(
    number,
    sent.map((m) =>
      statusChange(number, {
        wamid: m.wamid,
        status: "read",
        recipient: identityOf(number, customers.get(m.waId)!),
        at,
        callbackData:
          typeof m.content.biz_opaque_callback_data === "string"
            ? m.content.biz_opaque_callback_data
            : null,
      }),
    ),
    { faults: input.faults, at },
  );
  return { read: sent.map((m) => m.wamid), timestamp: Math.floor(at.getTime() / 1000) };
}

export type ContactInput = {
  action: "add" | "edit" | "remove";
  phoneNumber: string;
  firstName?: string;
  fullName?: string;
  faults?: SandboxFaults;
};

/** The address book changes: sent as `smb_app_state_sync` (`add` also means edit). */
export async function simulateContactChange(phoneNumberId: string, input: ContactInput) {
  const number = await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  const db = getDb();
  if (input.action === "remove") {
    await db
      .delete(sandboxContacts)
      .where(
        and(
          eq(sandboxContacts.phoneNumberId, phoneNumberId),
          eq(sandboxContacts.waId, input.phoneNumber),
        ),
      );
  } else {
    await db
      .insert(sandboxContacts)
      .values({
        phoneNumberId,
        waId: input.phoneNumber,
        firstName: input.firstName,
        fullName: input.fullName,
      })
      .onConflictDoUpdate({
        target: [sandboxContacts.phoneNumberId, sandboxContacts.waId],
        set: { firstName: input.firstName ?? null, fullName: input.fullName ?? null },
      });
  }
  const action = input.action === "remove" ? "remove" : "add";
  const customer = await ensureCustomer(number, input.phoneNumber);
  await emitWebhooks(
    number,
    [
      stateSyncChange(number, [
        {
          action,
          who: identityOf(number, customer),
          firstName: input.firstName,
          fullName: input.fullName,
          at,
        },
      ]),
    ],
    { faults: input.faults, at },
  );
  return { action, phone_number: input.phoneNumber };
}

/** Disconnect / offboard / reconnect as Meta reports them (`account_update`, routed by WABA). */
export async function simulateAccountEvent(
  phoneNumberId: string,
  event: Extract<AccountEvent, "PARTNER_REMOVED" | "ACCOUNT_OFFBOARDED" | "ACCOUNT_RECONNECTED">,
  disconnection?: { reason: string; initiatedBy: "USER" | "SYSTEM" },
  faults?: SandboxFaults,
) {
  const number = await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  const db = getDb();
  if (event === "ACCOUNT_RECONNECTED") {
    await db.transaction(async (tx) => {
      await tx
        .update(sandboxNumbers)
        .set({ status: "connected", onboardedAt: at, lastAppActivityAt: at })
        .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
      await tx
        .delete(sandboxSyncRequests)
        .where(eq(sandboxSyncRequests.phoneNumberId, phoneNumberId));
    });
  } else {
    await db
      .update(sandboxNumbers)
      .set({ status: event === "PARTNER_REMOVED" ? "disconnected" : "offboarded" })
      .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
  }
  await emitWebhooks(number, [accountUpdateChange(number, event, disconnection)], { faults, at });
  return { event, waba_id: number.wabaId };
}

/** Empties every sandbox table (the hub's tables are not touched). */
export async function resetSandbox() {
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx.delete(sandboxWebhookDeliveries);
    await tx.delete(sandboxTokens);
    await tx.delete(sandboxSettings);
    await tx.delete(sandboxTemplates);
    // Cascades to contacts, codes, sync requests and messages.
    await tx.delete(sandboxNumbers);
  });
}

/** The most recent customer message after onboarding, for the 24-hour service window. */
export async function lastInboundAt(phoneNumberId: string, waId: string, since: Date) {
  const [row] = await getDb()
    .select({ at: sandboxMessages.at })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.phoneNumberId, phoneNumberId),
        eq(sandboxMessages.waId, waId),
        eq(sandboxMessages.direction, "inbound"),
        gt(sandboxMessages.at, since),
      ),
    )
    .orderBy(desc(sandboxMessages.at))
    .limit(1);
  return row?.at;
}

async function markAppActivity(phoneNumberId: string, at: Date) {
  await getDb()
    .update(sandboxNumbers)
    .set({ lastAppActivityAt: at })
    .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
}

/** The business opens the app on the primary phone: resets the 14-day inactivity count. */
export async function simulateAppOpened(phoneNumberId: string) {
  await getSandboxNumber(phoneNumberId);
  const at = await sandboxNow();
  await markAppActivity(phoneNumberId, at);
  return { last_app_activity_at: at.toISOString() };
}

/** Meta disconnects a coexistence number after about 14 days without the primary phone in use. */
export const PRIMARY_INACTIVITY_DAYS = 14;

/**
 * Applies the inactivity rule at the sandbox's now (called when the clock moves): connected
 * numbers idle for 14 days are disconnected with PRIMARY_INACTIVITY, as Meta reports it.
 */
export async function applyInactivityRule() {
  const now = await sandboxNow();
  const cutoff = new Date(now.getTime() - PRIMARY_INACTIVITY_DAYS * 86_400_000);
  const idle = await getDb()
    .select({ phoneNumberId: sandboxNumbers.phoneNumberId })
    .from(sandboxNumbers)
    .where(
      and(
        eq(sandboxNumbers.status, "connected"),
        sql`coalesce(${sandboxNumbers.lastAppActivityAt}, ${sandboxNumbers.onboardedAt}) <= ${cutoff.toISOString()}::timestamptz`,
      ),
    );
  for (const number of idle) {
    await simulateAccountEvent(number.phoneNumberId, "PARTNER_REMOVED", {
      reason: "PRIMARY_INACTIVITY",
      initiatedBy: "SYSTEM",
    });
  }
  return idle.map((number) => number.phoneNumberId);
}
