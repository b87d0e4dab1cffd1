import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { healthAcknowledgements } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import {
  getLatestAcknowledgements,
  listAcknowledgements,
  recordAcknowledgement,
} from "./acknowledgements";

async function setup() {
  const partner = await createPartner();
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  const user = await createUser(partner.id, "member", { name: "Ana" });
  return { partner, channel, user };
}

async function countRows(channelId: string) {
  const rows = await getDb()
    .select()
    .from(healthAcknowledgements)
    .where(eq(healthAcknowledgements.channelId, channelId));
  return rows.length;
}

describe("recordAcknowledgement", () => {
  it("records who acknowledged what and when, and the latest of each kind wins", async () => {
    const { partner, channel, user } = await setup();
    const now = new Date("2026-11-20T10:00:00Z");
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "app_opened",
      userId: user.id,
      at: new Date("2026-11-18T08:00:00Z"),
      now,
    });
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "app_opened",
      userId: user.id,
      now,
    });
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "companions_relinked",
      userId: user.id,
      at: new Date("2026-11-19T08:00:00Z"),
      now,
    });

    const latest = await getLatestAcknowledgements({
      partnerId: partner.id,
      channelIds: [channel.id],
    });
    expect(latest.get(channel.id)).toEqual({
      appOpenedAt: now,
      companionsRelinkedAt: new Date("2026-11-19T08:00:00Z"),
    });
    const list = await listAcknowledgements(ownerScope(partner.id), { channelId: channel.id });
    expect(list.map((a) => [a.kind, a.at.toISOString(), a.byName])).toEqual([
      ["app_opened", "2026-11-20T10:00:00.000Z", "Ana"],
      ["companions_relinked", "2026-11-19T08:00:00.000Z", "Ana"],
      ["app_opened", "2026-11-18T08:00:00.000Z", "Ana"],
    ]);
  });

  it("refuses a time in the future and writes nothing", async () => {
    const { partner, channel, user } = await setup();
    const now = new Date("2026-11-20T10:00:00Z");
    await expect(
      recordAcknowledgement(ownerScope(partner.id), {
        channelId: channel.id,
        kind: "app_opened",
        userId: user.id,
        at: new Date("2026-11-21T10:00:00Z"),
        now,
      }),
    ).rejects.toMatchObject({ code: "unprocessable" });
    expect(await countRows(channel.id)).toBe(0);
  });

  it("lets another partner change nothing: the channel is not found", async () => {
    const { channel } = await setup();
    const other = await createPartner();
    const outsider = await createUser(other.id);
    await expect(
      recordAcknowledgement(ownerScope(other.id), {
        channelId: channel.id,
        kind: "app_opened",
        userId: outsider.id,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await countRows(channel.id)).toBe(0);
  });

  it("refuses a user who is not a member of the partner", async () => {
    const { partner, channel } = await setup();
    const other = await createPartner();
    const outsider = await createUser(other.id);
    await expect(
      recordAcknowledgement(ownerScope(partner.id), {
        channelId: channel.id,
        kind: "companions_relinked",
        userId: outsider.id,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await countRows(channel.id)).toBe(0);
  });

  it("answers a malformed channel id as not found", async () => {
    const { partner, user } = await setup();
    await expect(
      recordAcknowledgement(ownerScope(partner.id), {
        channelId: "not-a-uuid",
        kind: "app_opened",
        userId: user.id,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("reading acknowledgements", () => {
  it("gives another partner nothing of the first partner's", async () => {
    const { partner, channel, user } = await setup();
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "app_opened",
      userId: user.id,
    });
    const other = await createPartner();
    expect(await listAcknowledgements(ownerScope(other.id), { channelId: channel.id })).toEqual([]);
    const latest = await getLatestAcknowledgements({
      partnerId: other.id,
      channelIds: [channel.id],
    });
    expect(latest.get(channel.id)).toEqual({ appOpenedAt: null, companionsRelinkedAt: null });
  });

  it("keeps the acknowledgement when its user is deleted, without a name", async () => {
    const { partner, channel, user } = await setup();
    await recordAcknowledgement(ownerScope(partner.id), {
      channelId: channel.id,
      kind: "app_opened",
      userId: user.id,
    });
    const { users } = await import("@/db/schema");
    await getDb().delete(users).where(eq(users.id, user.id));
    const list = await listAcknowledgements(ownerScope(partner.id), { channelId: channel.id });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ byUserId: null, byName: null });
  });
});
