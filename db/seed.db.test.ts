import { count, eq, inArray, like, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { ownerScope } from "@/lib/auth/testing";
import { getCostReport } from "@/lib/costs/reports";
import { priceChangedMessages } from "@/lib/costs/store";
import { evaluateChannel } from "@/lib/health/evaluate";
import { lastAppActivity } from "@/lib/health/rules";
import { getChannelHistory } from "@/lib/onboarding/history-read";
import { listChannels } from "@/lib/partners/channels";
import { getPartnerCounts } from "@/lib/partners/overview";
import { findUserForSignIn } from "@/lib/partners/users";
import { getDb } from "./index";
import { channels, clients, memberships, partners, users } from "./schema";
import { DEMO_OWNER, demoPartnerCounts, seedDemo } from "./seed";

async function demoPartnerId() {
  const [row] = await getDb()
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.slug, "demo"));
  return row!.id;
}

// Only the seed's own rows: other test files share this database and write concurrently.
async function seededRowCounts() {
  const db = getDb();
  const seeded = db
    .select({ id: partners.id })
    .from(partners)
    .where(inArray(partners.slug, ["demo", "northwind"]));
  const [[p], [u], [m], [c], [ch]] = await Promise.all([
    db.select({ n: count() }).from(partners).where(inArray(partners.id, seeded)),
    db
      .select({ n: count() })
      .from(users)
      .where(or(like(users.email, "%@demo.test"), like(users.email, "%@northwind.test"))),
    db.select({ n: count() }).from(memberships).where(inArray(memberships.partnerId, seeded)),
    db.select({ n: count() }).from(clients).where(inArray(clients.partnerId, seeded)),
    db.select({ n: count() }).from(channels).where(inArray(channels.partnerId, seeded)),
  ]);
  return { partners: p!.n, users: u!.n, memberships: m!.n, clients: c!.n, channels: ch!.n };
}

describe("demo seed", () => {
  it("creates the demo partner whose owner can sign in with the README's password", async () => {
    await seedDemo(getDb());
    const owner = await findUserForSignIn(DEMO_OWNER.email);
    expect(owner?.role).toBe("owner");
    expect(await verifyPassword(DEMO_OWNER.password, owner?.passwordHash)).toBe(true);
    expect(await getPartnerCounts(ownerScope(await demoPartnerId()))).toMatchObject(
      demoPartnerCounts,
    );
  });

  it("shows the seeded connected channels with both syncs done, not expired", async () => {
    await seedDemo(getDb());
    const { channels: rows } = await listChannels(ownerScope(await demoPartnerId()), {
      query: {
        limit: 100,
        offset: 0,
        sort: "created_at",
        sortField: "created_at",
        descending: false,
        filters: {},
      },
    });
    const connected = rows.filter((row) => row.status === "connected");
    expect(connected.length).toBeGreaterThan(0);
    for (const row of connected) {
      expect(row.syncState).toMatchObject({ contacts: "received", history: "complete" });
    }
  });

  it("is idempotent: a second and third run add nothing", async () => {
    await seedDemo(getDb());
    const before = await seededRowCounts();
    await seedDemo(getDb());
    await seedDemo(getDb());
    expect(await seededRowCounts()).toEqual(before);
  });
});

describe("the demo seed's facts agree on every screen", () => {
  async function casaLima() {
    const partnerId = await demoPartnerId();
    const [row] = await getDb()
      .select({ id: channels.id, lastAppActivityAt: channels.lastAppActivityAt })
      .from(channels)
      .where(eq(channels.phoneNumberId, "seed-pn-5511987650001"));
    return { partnerId, channel: row! };
  }

  it("counts the imported chats the table calls complete, and Health sees both syncs requested", async () => {
    await seedDemo(getDb());
    const { partnerId, channel } = await casaLima();
    const history = await getChannelHistory(ownerScope(partnerId), { channelId: channel.id });
    expect(history.chats).toBeGreaterThan(0);
    const health = await evaluateChannel(ownerScope(partnerId), { channelId: channel.id });
    expect(health.warnings.map((w) => w.id)).not.toContain("sync_missed");
    expect(health.warnings.map((w) => w.id)).not.toContain("history_no_chunk");
  });

  it("gives the channel table and Health the same last app use", async () => {
    await seedDemo(getDb());
    const { partnerId, channel } = await casaLima();
    const health = await evaluateChannel(ownerScope(partnerId), { channelId: channel.id });
    expect(lastAppActivity(health.input)?.source).toBe("echo");
    expect(lastAppActivity(health.input)?.at.getTime()).toBe(channel.lastAppActivityAt?.getTime());
    // 11 days without the app: the 14-day cut is near, and Health says so.
    expect(health.warnings.map((w) => w.id)).toContain("app_inactivity");
  });

  it("has charged template sends in the last 30 days once the pricing job ran", async () => {
    await seedDemo(getDb());
    const { partnerId, channel } = await casaLima();
    await priceChangedMessages({ channelIds: [channel.id], settleMs: 0 });
    const report = await getCostReport(ownerScope(partnerId), {
      query: { group_by: "month" },
      path: { channelId: channel.id },
    });
    expect(report.periods.reduce((sum, p) => sum + p.charged, 0)).toBeGreaterThan(0);
    expect(report.periods.reduce((sum, p) => sum + p.amount_micros, 0)).toBeGreaterThan(0);
  });
});
