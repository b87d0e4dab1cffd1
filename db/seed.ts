import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "./client";
import { channels, clients, memberships, partners, users } from "./schema";
import { type SeedActivity, seedChannelActivity } from "./seed-activity";

/** Printed by the demo command and stated in the README. */
export const DEMO_OWNER = { email: "owner@demo.test", password: "coex-demo-2026" } as const;
export const DEMO_MEMBER = { email: "member@demo.test", password: "coex-demo-2026" } as const;

type SeedChannel = {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  countryCode: string;
  status: "connected" | "pending" | "disconnected";
  onboardedDaysAgo: number;
  /** What happened since onboarding (connected and disconnected channels). */
  activity?: SeedActivity;
};
type SeedClient = { payload: string; name: string; email: string; channels: SeedChannel[] };
type SeedPartner = {
  slug: string;
  name: string;
  /** Paths on the hub's own origin (the sandbox's stand-in partner site). */
  redirectPaths?: string[];
  users: { email: string; password: string; name: string; role: "owner" | "member" }[];
  clients: SeedClient[];
};

const demoData: SeedPartner[] = [
  {
    slug: "demo",
    name: "Demo Partner",
    redirectPaths: ["/sandbox/partner-site"],
    users: [
      { ...DEMO_OWNER, name: "Olivia Owner", role: "owner" },
      { ...DEMO_MEMBER, name: "Max Member", role: "member" },
    ],
    clients: [
      {
        payload: "crm-1001",
        name: "Casa Lima Padaria",
        email: "ola@casalima.example",
        channels: [
          {
            phoneNumberId: "seed-pn-5511987650001",
            wabaId: "seed-waba-1001",
            displayPhoneNumber: "5511987650001",
            verifiedName: "Casa Lima Padaria",
            countryCode: "BR",
            status: "connected",
            onboardedDaysAgo: 12,
            // The app was last used 11 days ago: Health warns before Meta's 14-day cut.
            activity: {
              customers: 5,
              appMessagesDaysAgo: [11.8, 11.2],
              customerMessagesDaysAgo: [11.9, 11.3, 6, 2.5],
              templateSends: [
                { daysAgo: 10, category: "utility" },
                { daysAgo: 8, category: "marketing" },
                { daysAgo: 5, category: "marketing" },
                { daysAgo: 3, category: "marketing" },
                { daysAgo: 1, category: "utility" },
              ],
            },
          },
        ],
      },
      {
        payload: "crm-1002",
        name: "Mumbai Spice House",
        email: "hello@spicehouse.example",
        channels: [
          {
            phoneNumberId: "seed-pn-919812300002",
            wabaId: "seed-waba-1002",
            displayPhoneNumber: "919812300002",
            verifiedName: "Mumbai Spice House",
            countryCode: "IN",
            status: "connected",
            onboardedDaysAgo: 30,
            activity: {
              customers: 6,
              appMessagesDaysAgo: [29, 22, 15, 8, 2],
              customerMessagesDaysAgo: [29.1, 22.1, 15.1, 8.1, 2.1, 1.3],
              templateSends: [
                { daysAgo: 26, category: "marketing" },
                { daysAgo: 19, category: "marketing" },
                { daysAgo: 12, category: "utility" },
                { daysAgo: 9, category: "marketing" },
                { daysAgo: 4, category: "authentication" },
                { daysAgo: 1, category: "marketing" },
              ],
            },
          },
          {
            phoneNumberId: "seed-pn-919812300003",
            wabaId: "seed-waba-1002",
            displayPhoneNumber: "919812300003",
            verifiedName: "Spice House Catering",
            countryCode: "IN",
            status: "pending",
            onboardedDaysAgo: 0,
          },
        ],
      },
      {
        payload: "crm-1003",
        name: "Berlin Bikes",
        email: "info@berlinbikes.example",
        channels: [
          {
            phoneNumberId: "seed-pn-4915112340004",
            wabaId: "seed-waba-1003",
            displayPhoneNumber: "4915112340004",
            verifiedName: "Berlin Bikes",
            countryCode: "DE",
            status: "disconnected",
            onboardedDaysAgo: 60,
            // Nobody opened the app after the first day: Meta cut the number 14 days later.
            activity: {
              customers: 3,
              appMessagesDaysAgo: [59],
              customerMessagesDaysAgo: [59.2, 50],
              templateSends: [],
              disconnectedDaysAgo: 45,
            },
          },
        ],
      },
    ],
  },
  {
    // A second tenant, so the demo (and the e2e suite) can show that partners never see each other.
    slug: "northwind",
    name: "Northwind Agency",
    users: [
      {
        email: "owner@northwind.test",
        password: DEMO_OWNER.password,
        name: "Nora North",
        role: "owner",
      },
    ],
    clients: [
      {
        payload: "nw-1",
        name: "Jakarta Kopi",
        email: "kopi@jakarta.example",
        channels: [
          {
            phoneNumberId: "seed-pn-6281234500005",
            wabaId: "seed-waba-2001",
            displayPhoneNumber: "6281234500005",
            verifiedName: "Jakarta Kopi",
            countryCode: "ID",
            status: "connected",
            onboardedDaysAgo: 3,
            activity: {
              customers: 3,
              appMessagesDaysAgo: [1],
              customerMessagesDaysAgo: [2, 1.1],
              templateSends: [{ daysAgo: 1.5, category: "marketing" }],
            },
          },
        ],
      },
    ],
  },
];

const DAY = 24 * 60 * 60 * 1000;

function completedSyncs(onboardedAt: Date) {
  const minuteLater = new Date(onboardedAt.getTime() + 60_000);
  return {
    contactsSyncRequestedAt: onboardedAt,
    contactsSyncedAt: minuteLater,
    historySyncRequestedAt: onboardedAt,
    historyProgress: 100,
  };
}

/** Creates the demo partners, users, clients and channels. Safe to run any number of times. */
export async function seedDemo(db: Db, now = new Date(), appUrl = "http://localhost:3000") {
  await db.transaction(async (tx) => {
    for (const partner of demoData) {
      const [partnerRow] = await tx
        .insert(partners)
        .values({
          slug: partner.slug,
          name: partner.name,
          allowedRedirectUrls: (partner.redirectPaths ?? []).map((path) =>
            new URL(path, appUrl).toString(),
          ),
        })
        .onConflictDoUpdate({ target: partners.slug, set: { slug: sql`excluded.slug` } })
        .returning({ id: partners.id });
      const partnerId = partnerRow!.id;

      for (const user of partner.users) {
        const [existing] = await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`${users.email} = ${user.email}`);
        const userId =
          existing?.id ??
          (
            await tx
              .insert(users)
              .values({
                email: user.email,
                name: user.name,
                passwordHash: await hashPassword(user.password),
              })
              .returning({ id: users.id })
          )[0]!.id;
        await tx
          .insert(memberships)
          .values({ userId, partnerId, role: user.role })
          .onConflictDoNothing();
      }

      for (const client of partner.clients) {
        const [clientRow] = await tx
          .insert(clients)
          .values({
            partnerId,
            name: client.name,
            email: client.email,
            partnerPayload: client.payload,
            maxChannels: Math.max(1, client.channels.length),
          })
          .onConflictDoUpdate({
            target: [clients.partnerId, clients.partnerPayload],
            targetWhere: sql`${clients.partnerPayload} is not null`,
            set: { partnerPayload: sql`excluded.partner_payload` },
          })
          .returning({ id: clients.id });
        const clientId = clientRow!.id;

        for (const channel of client.channels) {
          const onboardedAt = new Date(now.getTime() - channel.onboardedDaysAgo * DAY);
          await tx
            .insert(channels)
            .values({
              partnerId,
              clientId,
              wabaId: channel.wabaId,
              phoneNumberId: channel.phoneNumberId,
              displayPhoneNumber: channel.displayPhoneNumber,
              verifiedName: channel.verifiedName,
              countryCode: channel.countryCode,
              status: channel.status,
              coexistence: true,
              qualityRating: "GREEN",
              onboardedAt: channel.status === "pending" ? null : onboardedAt,
              lastAppActivityAt: channel.status === "pending" ? null : onboardedAt,
              disconnectReason: channel.status === "disconnected" ? "PRIMARY_INACTIVITY" : null,
              // Seeded channels went through onboarding long ago: both syncs asked and done.
              ...(channel.status === "pending" ? {} : completedSyncs(onboardedAt)),
            })
            .onConflictDoNothing({ target: channels.phoneNumberId });
          if (channel.activity && channel.status !== "pending") {
            await seedChannelActivity(
              tx as unknown as Db,
              {
                partnerId,
                clientId,
                clientPayload: client.payload,
                clientName: client.name,
                clientEmail: client.email,
                phoneNumberId: channel.phoneNumberId,
                displayPhoneNumber: channel.displayPhoneNumber,
                countryCode: channel.countryCode,
                onboardedAt,
              },
              channel.activity,
              now,
            );
          }
        }
      }
    }
  });
}

/** What the demo seed creates for the demo partner; tests compare the Overview against it. */
export const demoPartnerCounts = {
  clients: demoData[0]!.clients.length,
  channels: demoData[0]!.clients.reduce((sum, c) => sum + c.channels.length, 0),
};
