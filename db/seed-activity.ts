import { and, eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js/max";
import { validMobileNumber } from "@/lib/sandbox/phone-numbers";
import { seededRng } from "@/lib/sandbox/random";
import type { Db } from "./client";
import {
  channelEvents,
  channels,
  contacts,
  historyChunks,
  messages,
  onboardingSessions,
} from "./schema";

/**
 * What happened on a seeded channel, told the way the hub records it (an onboarding session with
 * its sync steps, history chunks and imported chats, customer messages, app echoes, template
 * sends, a disconnection), so every screen reads the same facts: the channel table's "last app
 * activity" is the newest echo Health sees, "History complete: N chats" counts imported chats,
 * and Costs prices the template sends like any other (the pricing job runs every 10 s).
 */
export type SeedActivity = {
  /** Customers whose chats the history import brought. */
  customers: number;
  /** Messages typed in the WhatsApp Business App (echoes), days ago. The newest is the last app use. */
  appMessagesDaysAgo: number[];
  /** Customers writing after onboarding, days ago. */
  customerMessagesDaysAgo: number[];
  /** Template sends through the API, days ago, with their category. */
  templateSends: { daysAgo: number; category: "marketing" | "utility" | "authentication" }[];
  /** Meta disconnected the number (PRIMARY_INACTIVITY) this many days ago. */
  disconnectedDaysAgo?: number;
};

const DAY = 86_400_000;
const MINUTE = 60_000;

const NAMES = ["Ana", "Bruno", "Carla", "Diego", "Eva", "Farid", "Gita", "Hugo", "Iris", "João"];
const CUSTOMER_LINES = [
  "Hi! Are you open on Sunday?",
  "Can I pick up my order at 5?",
  "Thanks, it was delicious!",
  "Do you deliver to the city centre?",
  "Is the special still on this week?",
];
const APP_LINES = ["Yes, see you then!", "Of course, it will be ready.", "Thank you!"];
const TEMPLATES = {
  marketing: {
    name: "weekly_offer",
    text: "This week: 2 for 1 on every pastry. Reply STOP to opt out.",
  },
  utility: { name: "order_ready", text: "Your order is ready for pickup." },
  authentication: { name: "login_code", text: "Your code is 482913." },
} as const;

type SeededChannel = {
  partnerId: string;
  clientId: string;
  clientPayload: string;
  clientName: string;
  clientEmail: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  countryCode: string;
  onboardedAt: Date;
};

/** Adds the channel's activity once: a channel that already has its onboarding session is left. */
export async function seedChannelActivity(
  tx: Db,
  channel: SeededChannel,
  activity: SeedActivity,
  now: Date,
) {
  const [row] = await tx
    .select({ id: channels.id, generation: channels.syncGeneration })
    .from(channels)
    .where(
      and(
        eq(channels.partnerId, channel.partnerId),
        eq(channels.phoneNumberId, channel.phoneNumberId),
      ),
    );
  if (!row) return;
  const channelId = row.id;
  const [existing] = await tx
    .select({ id: onboardingSessions.id })
    .from(onboardingSessions)
    .where(eq(onboardingSessions.channelId, channelId))
    .limit(1);
  if (existing) return;

  const { partnerId, onboardedAt } = channel;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const after = (minutes: number) => new Date(onboardedAt.getTime() + minutes * MINUTE);
  const done = (at: Date) => ({ status: "done" as const, at: at.toISOString() });

  await tx.insert(onboardingSessions).values({
    partnerId,
    status: "completed",
    partnerPayload: channel.clientPayload,
    email: channel.clientEmail,
    name: channel.clientName,
    number: channel.displayPhoneNumber,
    country: channel.countryCode,
    phoneNumberId: channel.phoneNumberId,
    popupEvent: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
    steps: {
      exchange_token: done(onboardedAt),
      subscribe_app: done(onboardedAt),
      resolve_number: done(onboardedAt),
      create_channel: done(onboardedAt),
      request_contacts_sync: done(onboardedAt),
      request_history_sync: done(onboardedAt),
    },
    clientId: channel.clientId,
    channelId,
    createdAt: after(-4),
    popupOpenedAt: after(-3),
    finishedAt: after(-1),
    completedAt: onboardedAt,
  });

  const rng = seededRng(`seed:${channel.phoneNumberId}`);
  const people = await tx
    .insert(contacts)
    .values(
      Array.from({ length: activity.customers }, (_, i) => ({
        partnerId,
        channelId,
        waId: validMobileNumber(channel.countryCode as CountryCode, rng),
        appName: `${NAMES[i % NAMES.length]} ${String.fromCharCode(65 + i)}.`,
        appSyncedAt: after(1),
        createdAt: after(1),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: contacts.id, waId: contacts.waId });

  type NewMessage = typeof messages.$inferInsert;
  const rows: NewMessage[] = [];
  let n = 0;
  const base = (contact: (typeof people)[number], at: Date) => ({
    partnerId,
    channelId,
    contactId: contact.id,
    customerWaId: contact.waId ?? "",
    wamid: `wamid.seed.${channel.phoneNumberId}.${++n}`,
    sentAt: at,
    arrivedAt: at,
  });
  const text = (body: string) => ({
    type: "text",
    text: body,
    content: { type: "text", text: { body } },
  });

  // The imported history: a few exchanges per customer in the weeks before onboarding.
  people.forEach((contact, i) => {
    for (let k = 0; k < 3; k++) {
      const at = new Date(onboardedAt.getTime() - (5 + i * 4 + k * 9) * DAY);
      const inbound = k % 2 === 0;
      rows.push({
        ...base(contact, at),
        origin: "history",
        direction: inbound ? "inbound" : "outbound",
        status: inbound ? null : "read",
        ...text(
          inbound
            ? CUSTOMER_LINES[(i + k) % CUSTOMER_LINES.length]!
            : APP_LINES[k % APP_LINES.length]!,
        ),
      });
    }
  });
  const pick = (i: number) => people[i % people.length]!;
  const lastLive = new Map<string, Date>();
  const live = (contactId: string, at: Date) => {
    if (at > (lastLive.get(contactId) ?? new Date(0))) lastLive.set(contactId, at);
  };
  activity.customerMessagesDaysAgo.forEach((days, i) => {
    const contact = pick(i);
    const at = ago(days);
    rows.push({
      ...base(contact, at),
      origin: "customer",
      direction: "inbound",
      ...text(CUSTOMER_LINES[i % CUSTOMER_LINES.length]!),
    });
    live(contact.id, at);
  });
  activity.appMessagesDaysAgo.forEach((days, i) => {
    const contact = pick(i);
    const at = ago(days);
    rows.push({
      ...base(contact, at),
      origin: "app",
      direction: "outbound",
      status: "read",
      statusAt: at,
      ...text(APP_LINES[i % APP_LINES.length]!),
    });
    live(contact.id, at);
  });
  activity.templateSends.forEach(({ daysAgo, category }, i) => {
    const contact = pick(i + 1);
    const at = ago(daysAgo);
    const template = TEMPLATES[category];
    rows.push({
      ...base(contact, at),
      origin: "api",
      direction: "outbound",
      type: "template",
      text: template.text,
      content: { type: "template", template: { name: template.name, language: { code: "en" } } },
      templateName: template.name,
      templateCategory: category,
      status: "delivered",
      statusAt: new Date(at.getTime() + 5_000),
      pricing: { billable: true, pricing_model: "PMP", category, type: "regular" },
      pricingCategory: category,
      pricingType: "regular",
    });
    live(contact.id, at);
  });
  if (rows.length) await tx.insert(messages).values(rows);
  for (const [contactId, at] of lastLive) {
    await tx.update(contacts).set({ lastLiveMessageAt: at }).where(eq(contacts.id, contactId));
  }

  const historyCount = people.length * 3;
  await tx.insert(historyChunks).values({
    partnerId,
    channelId,
    generation: row.generation,
    phase: 1,
    chunkOrder: 1,
    progress: 100,
    threadCount: people.length,
    messageCount: historyCount,
    receivedAt: after(3),
  });

  const lastAppUse = activity.appMessagesDaysAgo.length
    ? ago(Math.min(...activity.appMessagesDaysAgo))
    : onboardedAt;
  await tx
    .update(channels)
    .set({ lastAppActivityAt: lastAppUse })
    .where(eq(channels.id, channelId));

  if (activity.disconnectedDaysAgo !== undefined) {
    const at = ago(activity.disconnectedDaysAgo);
    const payload = {
      event: "PARTNER_REMOVED",
      phone_number: channel.displayPhoneNumber,
      disconnection_info: { reason: "PRIMARY_INACTIVITY", initiated_by: "SYSTEM" },
    };
    await tx.insert(channelEvents).values({
      partnerId,
      channelId,
      kind: "account_update",
      event: "PARTNER_REMOVED",
      reason: "PRIMARY_INACTIVITY",
      payload,
      occurredAt: at,
      dedupeKey: `seed:${channel.phoneNumberId}:disconnected`,
    });
  }
}
