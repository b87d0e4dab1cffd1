import "server-only";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { getDb } from "@/db";
import {
  type SandboxFaults,
  type SandboxNumber,
  sandboxContacts,
  sandboxMessages,
  sandboxNumbers,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { generateContacts, HISTORY_CHUNK_MESSAGES } from "../history";
import { isSandboxCountry, validMobileNumber } from "../phone-numbers";
import { metaId, seededRng } from "../random";

/**
 * The simulated businesses' numbers, with their address books and the messages their phones
 * and the Graph look-alike recorded: created, found, listed and patched here. What happens on
 * the phone is in ../simulate; the signup code and business tokens in ./signup-codes.
 */

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
  // A patch that names nothing (`{}`, or only fields the API does not know) changes nothing.
  const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return getSandboxNumber(phoneNumberId);
  const [row] = await getDb()
    .update(sandboxNumbers)
    .set(set)
    .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId))
    .returning();
  if (!row) throw new AppError("not_found", "No sandbox number with this phone_number_id.");
  return row;
}

/** The business used the app on the primary phone: what the 14-day inactivity rule counts from. */
export async function markAppActivity(phoneNumberId: string, at: Date) {
  await getDb()
    .update(sandboxNumbers)
    .set({ lastAppActivityAt: at })
    .where(eq(sandboxNumbers.phoneNumberId, phoneNumberId));
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
