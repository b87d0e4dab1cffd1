import { randomBytes } from "node:crypto";
import { getDb } from "@/db";
import { channels, clients, memberships, partners, users } from "@/db/schema";
import type { MembershipRole } from "@/db/schema/partners";

/** Unique per call, so tests sharing one database never collide. */
export function uniqueId(prefix = "t") {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

function randomDigits(length: number) {
  let digits = "";
  while (digits.length < length) digits += randomBytes(4).readUInt32BE().toString();
  return digits.slice(0, length);
}

export async function createPartner(overrides: Partial<typeof partners.$inferInsert> = {}) {
  const slug = uniqueId("partner");
  const [row] = await getDb()
    .insert(partners)
    .values({ name: `Partner ${slug}`, slug, ...overrides })
    .returning();
  return row!;
}

// A cheap bcrypt hash (cost 4) of "correct horse battery": tests need not pay for cost 12.
export const TEST_PASSWORD = "correct horse battery";
const TEST_PASSWORD_HASH = "$2b$04$WDLxK/9chgT.R4cvE/VrWefxQLGa/LvrOQ85ufMSzvMqId8kTfe4i";

export async function createUser(
  partnerId: string,
  role: MembershipRole = "owner",
  overrides: Partial<typeof users.$inferInsert> = {},
) {
  const db = getDb();
  const [user] = await db
    .insert(users)
    .values({
      email: `${uniqueId("user")}@example.test`,
      passwordHash: TEST_PASSWORD_HASH,
      ...overrides,
    })
    .returning();
  await db.insert(memberships).values({ userId: user!.id, partnerId, role });
  return user!;
}

export async function createClient(
  partnerId: string,
  overrides: Partial<typeof clients.$inferInsert> = {},
) {
  const [row] = await getDb()
    .insert(clients)
    .values({ partnerId, name: `Client ${uniqueId()}`, ...overrides })
    .returning();
  return row!;
}

export async function createChannel(
  partnerId: string,
  clientId: string,
  overrides: Partial<typeof channels.$inferInsert> = {},
) {
  const number = `55119${randomDigits(8)}`;
  const [row] = await getDb()
    .insert(channels)
    .values({
      partnerId,
      clientId,
      wabaId: uniqueId("waba"),
      phoneNumberId: uniqueId("pn"),
      displayPhoneNumber: number,
      countryCode: "BR",
      status: "connected",
      onboardedAt: new Date(),
      ...overrides,
    })
    .returning();
  return row!;
}
