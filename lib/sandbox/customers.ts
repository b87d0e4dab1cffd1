import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import {
  type SandboxCustomer,
  type SandboxNumber,
  sandboxContacts,
  sandboxCustomers,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isBsuid } from "@/lib/meta/bsuid";
import { countryOfNumber, normaliseUsername, sandboxBsuids, USERNAME } from "./bsuid";
import type { CustomerIdentity } from "./parties";
import { isSandboxCountry, validMobileNumber } from "./phone-numbers";
import { seededRng } from "./random";

/**
 * The sandbox's WhatsApp users (db/schema/sandbox.ts, sandboxCustomers): a row per customer Meta
 * has named to the business, made the first time a payload or a send names them, so a BSUID the
 * hub learnt from a payload always leads back to its customer. QA gives customers a username and
 * hides their number here.
 */

export type CustomerScope = Pick<
  SandboxNumber,
  "phoneNumberId" | "businessId" | "countryCode" | "parentBsuids"
>;

/** A customer as payloads name them: parent BSUIDs only on numbers that have them on. */
export function identityOf(number: CustomerScope, row: SandboxCustomer): CustomerIdentity {
  return {
    waId: row.waId,
    userId: row.userId,
    ...(number.parentBsuids ? { parentUserId: row.parentUserId } : {}),
    ...(row.username ? { username: row.username } : {}),
    hideNumber: row.hideNumber,
    ...(row.profileName ? { name: row.profileName } : {}),
  };
}

export function bsuidsOf(number: CustomerScope, waId: string) {
  return sandboxBsuids(
    { businessId: number.businessId, fallbackCountry: number.countryCode },
    waId,
  );
}

/**
 * The rows of these customers, made for those seen for the first time (with their BSUIDs and,
 * when given, their profile name). Keyed by number.
 */
export async function ensureCustomers(
  number: CustomerScope,
  entries: { waId: string; name?: string }[],
  db: Db = getDb(),
): Promise<Map<string, SandboxCustomer>> {
  const unique = [...new Map(entries.map((entry) => [entry.waId, entry])).values()];
  const rows = new Map<string, SandboxCustomer>();
  // Sliced: a busy business's 20,000 contacts are more parameters than one statement takes.
  for (let i = 0; i < unique.length; i += 2_000) {
    const saved = await db
      .insert(sandboxCustomers)
      .values(
        unique.slice(i, i + 2_000).map((entry) => ({
          phoneNumberId: number.phoneNumberId,
          waId: entry.waId,
          ...bsuidsOf(number, entry.waId),
          profileName: entry.name ?? null,
        })),
      )
      // A no-op update, so existing rows come back too, in the same statement.
      .onConflictDoUpdate({
        target: [sandboxCustomers.phoneNumberId, sandboxCustomers.waId],
        set: { waId: sql`excluded.wa_id` },
      })
      .returning();
    for (const row of saved) rows.set(row.waId, row);
  }
  return rows;
}

export async function ensureCustomer(
  number: CustomerScope,
  waId: string,
  name?: string,
): Promise<SandboxCustomer> {
  return (await ensureCustomers(number, [{ waId, name }])).get(waId)!;
}

/** The customer with this BSUID, or this parent BSUID when the number has them on. */
export async function findCustomerByBsuid(number: CustomerScope, id: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxCustomers)
    .where(
      and(
        eq(sandboxCustomers.phoneNumberId, number.phoneNumberId),
        number.parentBsuids
          ? or(eq(sandboxCustomers.userId, id), eq(sandboxCustomers.parentUserId, id))
          : eq(sandboxCustomers.userId, id),
      ),
    )
    .limit(1);
  return row;
}

async function findCustomerByUsername(number: CustomerScope, username: string) {
  const [row] = await getDb()
    .select()
    .from(sandboxCustomers)
    .where(
      and(
        eq(sandboxCustomers.phoneNumberId, number.phoneNumberId),
        eq(sandboxCustomers.username, normaliseUsername(username)),
      ),
    );
  return row;
}

const DIGITS = /^\d{6,16}$/;

/**
 * A customer named in a control call: by number (digits; a new one is a new customer), by BSUID
 * or parent BSUID, or by `@username`. The last two must name someone the sandbox knows.
 */
export async function resolveCustomer(
  number: CustomerScope,
  ref: string,
  options: { name?: string } = {},
): Promise<SandboxCustomer> {
  const value = ref.trim().replace(/^\+/, "");
  if (DIGITS.test(value)) return ensureCustomer(number, value, options.name);
  if (isBsuid(value)) {
    const row = await findCustomerByBsuid(number, value);
    if (!row) throw new AppError("not_found", `No customer of this number has the BSUID ${value}.`);
    return row;
  }
  if (value.startsWith("@")) {
    const row = await findCustomerByUsername(number, value);
    if (!row) throw new AppError("not_found", `No customer of this number is ${value}.`);
    return row;
  }
  throw new AppError(
    "unprocessable",
    "Name the customer by number (digits), BSUID (BR.1502576394655843) or @username.",
  );
}

/** A number nobody in this business has yet, in the country asked for (or the business's). */
export async function freshCustomerNumber(
  number: CustomerScope,
  country = number.countryCode,
): Promise<string> {
  const rng = seededRng(`customer:${randomBytes(8).toString("hex")}`);
  const place = isSandboxCountry(country) ? country : number.countryCode;
  if (!isSandboxCountry(place)) throw new AppError("unprocessable", `No numbers for ${place}.`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = validMobileNumber(place, rng);
    const taken = await getDb()
      .select({ waId: sandboxCustomers.waId })
      .from(sandboxCustomers)
      .where(
        and(
          eq(sandboxCustomers.phoneNumberId, number.phoneNumberId),
          eq(sandboxCustomers.waId, candidate),
        ),
      );
    if (taken.length === 0) return candidate;
  }
  throw new AppError("conflict", `No free number left in ${place}: give one.`);
}

/** The country of a customer's number, for their next number. */
export const countryOfCustomer = (number: CustomerScope, waId: string) =>
  countryOfNumber(waId) ?? number.countryCode;

export type CustomerInput = {
  /** Their number: an existing customer is updated, a new one created (made up when absent). */
  waId?: string;
  name?: string;
  /** `null` removes the username (and so the hidden number). */
  username?: string | null;
  hideNumber?: boolean;
};

/**
 * Creates a customer or changes one: their profile name, their username, and whether WhatsApp
 * hides their number from the business (only a customer with a username can hide it).
 */
export async function saveCustomer(
  number: CustomerScope,
  input: CustomerInput,
): Promise<SandboxCustomer> {
  const username =
    input.username === undefined || input.username === null
      ? input.username
      : normaliseUsername(input.username);
  if (username && !USERNAME.test(username)) {
    throw new AppError(
      "unprocessable",
      "A username has 3 to 35 letters, digits, periods or underscores.",
    );
  }
  const waId = input.waId ?? (await freshCustomerNumber(number));
  const existing = await ensureCustomer(number, waId, input.name);
  const nextUsername = username === undefined ? existing.username : username;
  const hideNumber = input.hideNumber ?? (nextUsername ? existing.hideNumber : false);
  if (hideNumber && !nextUsername) {
    throw new AppError("unprocessable", "Only a customer with a username can hide the number.");
  }
  if (nextUsername && nextUsername !== existing.username) {
    const holder = await findCustomerByUsername(number, nextUsername);
    if (holder && holder.waId !== waId) {
      throw new AppError("conflict", `Another customer of this number is @${nextUsername}.`);
    }
  }
  const [row] = await getDb()
    .update(sandboxCustomers)
    .set({
      username: nextUsername,
      hideNumber,
      ...(input.name !== undefined ? { profileName: input.name } : {}),
    })
    .where(
      and(
        eq(sandboxCustomers.phoneNumberId, number.phoneNumberId),
        eq(sandboxCustomers.waId, waId),
      ),
    )
    .returning();
  return row!;
}

export type CustomerListing = CustomerIdentity & { addressBookName?: string };

/**
 * Every customer of the number for the phone simulator: the address book first, in its order
 * (a contact Meta has not named yet shows the BSUIDs it will get), then the others by age.
 */
export async function listSandboxCustomers(number: SandboxNumber): Promise<CustomerListing[]> {
  const db = getDb();
  const [rows, contacts] = await Promise.all([
    db
      .select()
      .from(sandboxCustomers)
      .where(eq(sandboxCustomers.phoneNumberId, number.phoneNumberId))
      .orderBy(asc(sandboxCustomers.createdAt), asc(sandboxCustomers.waId)),
    db
      .select()
      .from(sandboxContacts)
      .where(eq(sandboxContacts.phoneNumberId, number.phoneNumberId))
      .orderBy(asc(sandboxContacts.createdAt), asc(sandboxContacts.waId)),
  ]);
  const byNumber = new Map(rows.map((row) => [row.waId, row]));
  const listing = (row: SandboxCustomer, addressBookName?: string): CustomerListing => ({
    ...identityOf(number, row),
    ...(addressBookName ? { addressBookName } : {}),
  });
  const inBook = contacts.map((contact) => {
    const row = byNumber.get(contact.waId) ?? {
      phoneNumberId: number.phoneNumberId,
      waId: contact.waId,
      ...bsuidsOf(number, contact.waId),
      username: null,
      hideNumber: false,
      profileName: null,
      createdAt: contact.createdAt,
    };
    return listing(row, contact.fullName ?? contact.firstName ?? undefined);
  });
  const booked = new Set(contacts.map((contact) => contact.waId));
  return [...inBook, ...rows.filter((row) => !booked.has(row.waId)).map((row) => listing(row))];
}

/** The rows of these numbers' customers (for labelling messages in the control API). */
export async function customersByNumber(phoneNumberId: string, waIds: string[]) {
  if (waIds.length === 0) return new Map<string, SandboxCustomer>();
  const rows = await getDb()
    .select()
    .from(sandboxCustomers)
    .where(
      and(
        eq(sandboxCustomers.phoneNumberId, phoneNumberId),
        inArray(sandboxCustomers.waId, [...new Set(waIds)]),
      ),
    );
  return new Map(rows.map((row) => [row.waId, row]));
}
