import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { healthNotifications } from "@/db/schema";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import {
  countUnreadNotifications,
  dismissNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  syncChannelNotifications,
} from "./notifications";
import { evaluateChannelHealth } from "./rules";
import type { ChannelHealthInput } from "./types";

const DAY = 86_400_000;
const onboardedAt = new Date("2026-11-01T09:00:00.000Z");
const day = (n: number) => new Date(onboardedAt.getTime() + n * DAY);

function input(overrides: Partial<ChannelHealthInput> = {}): ChannelHealthInput {
  return {
    channelId: "x",
    status: "connected",
    coexistence: true,
    onboardedAt,
    lastEchoAt: null,
    appOpenedAcknowledgedAt: null,
    companionsRelinkedAcknowledgedAt: onboardedAt,
    accountEvents: [],
    history: {
      requestedAt: onboardedAt,
      firstChunkAt: onboardedAt,
      declinedAt: null,
      completedAt: null,
    },
    contacts: { requestedAt: onboardedAt, firstChunkAt: null },
    unsupportedMessages: null,
    throughputCapHits: null,
    displayPhoneNumber: "5511987654321",
    countryCode: "BR",
    qualityRating: null,
    forwardingFailingSince: null,
    ...overrides,
  };
}

async function setup() {
  const partner = await createPartner();
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id, { onboardedAt });
  return { partner, channel };
}

/** Evaluates the rules at `now` and syncs the channel's notifications, as the scheduler would. */
async function evaluateAt(
  partnerId: string,
  channelId: string,
  now: Date,
  overrides: Partial<ChannelHealthInput> = {},
) {
  const warnings = evaluateChannelHealth(input({ channelId, ...overrides }), { now });
  return syncChannelNotifications({ partnerId, channelId, warnings, now });
}

async function rowsOf(channelId: string) {
  return getDb()
    .select()
    .from(healthNotifications)
    .where(eq(healthNotifications.channelId, channelId));
}

describe("syncChannelNotifications", () => {
  it("turns a new warning into one notification, however often it is evaluated", async () => {
    const { partner, channel } = await setup();
    const first = await evaluateAt(partner.id, channel.id, day(10));
    expect(first).toMatchObject({ created: 1 });
    expect(first.createdWarnings.map((c) => c.warning.id)).toEqual(["app_inactivity"]);
    expect(await evaluateAt(partner.id, channel.id, day(11))).toMatchObject({ created: 0 });
    await Promise.all([
      evaluateAt(partner.id, channel.id, day(12)),
      evaluateAt(partner.id, channel.id, day(12)),
    ]);
    const rows = await rowsOf(channel.id);
    expect(rows.map((r) => [r.warningId, r.severity])).toEqual([["app_inactivity", "warning"]]);
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(1);
  });

  it("never notifies information", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(2));
    expect(await rowsOf(channel.id)).toEqual([]);
  });

  it("notifies the escalation to critical anew and resolves the earlier warning", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(10));
    expect(await evaluateAt(partner.id, channel.id, day(13))).toMatchObject({
      created: 1,
      resolved: 1,
    });
    const rows = await rowsOf(channel.id);
    expect(rows.map((r) => [r.severity, r.resolvedAt === null]).sort()).toEqual([
      ["critical", true],
      ["warning", false],
    ]);
  });

  it("resolves everything once the channel is healthy again (an echo arrived)", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(13));
    expect(await evaluateAt(partner.id, channel.id, day(13), { lastEchoAt: day(13) })).toEqual({
      created: 0,
      createdWarnings: [],
      resolved: 1,
      reopened: 0,
    });
  });

  it("refuses another partner's channel and writes nothing", async () => {
    const { channel } = await setup();
    const other = await createPartner();
    await expect(evaluateAt(other.id, channel.id, day(13))).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await rowsOf(channel.id)).toEqual([]);
  });
});

describe("reading, dismissing and marking notifications", () => {
  it("lists the newest first with the channel's number", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(10));
    await evaluateAt(partner.id, channel.id, day(13));
    const { items, hasMore } = await listNotifications(ownerScope(partner.id));
    expect(hasMore).toBe(false);
    expect(items.map((i) => i.severity)).toEqual(["critical", "warning"]);
    expect(items[0]?.displayPhoneNumber).toBe(channel.displayPhoneNumber);
  });

  it("pages by keyset", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(10));
    await evaluateAt(partner.id, channel.id, day(13));
    await evaluateAt(partner.id, channel.id, day(14));
    const first = await listNotifications(ownerScope(partner.id), { limit: 2 });
    expect(first.hasMore).toBe(true);
    const last = first.items.at(-1)!;
    const second = await listNotifications(ownerScope(partner.id), {
      limit: 2,
      before: { createdAt: last.createdAt, id: last.id },
    });
    expect(second.hasMore).toBe(false);
    expect([...first.items, ...second.items].map((i) => i.since.toISOString())).toEqual([
      day(14).toISOString(),
      day(13).toISOString(),
      day(10).toISOString(),
    ]);
  });

  it("hides a dismissed warning", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(10));
    const [item] = (await listNotifications(ownerScope(partner.id))).items;
    await dismissNotification(ownerScope(partner.id), { id: item!.id });
    expect((await listNotifications(ownerScope(partner.id))).items).toEqual([]);
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(0);
  });

  it("does not hide a dismissed critical that still holds, until it stops holding", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(13));
    const [item] = (await listNotifications(ownerScope(partner.id))).items;
    await dismissNotification(ownerScope(partner.id), { id: item!.id });
    const after = (await listNotifications(ownerScope(partner.id))).items;
    expect(after.map((i) => [i.id, i.stillHolding, i.dismissedAt !== null])).toEqual([
      [item!.id, true, true],
    ]);
    await evaluateAt(partner.id, channel.id, day(13), { lastEchoAt: day(13) });
    expect((await listNotifications(ownerScope(partner.id))).items).toEqual([]);
  });

  it("marks one or all read, and the unread count follows", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(10));
    await evaluateAt(partner.id, channel.id, day(13));
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(2);
    const [first] = (await listNotifications(ownerScope(partner.id))).items;
    const read = await markNotificationRead(ownerScope(partner.id), { id: first!.id });
    expect(read.readAt).not.toBeNull();
    // Reading again keeps the first reading time.
    const again = await markNotificationRead(ownerScope(partner.id), {
      id: first!.id,
      now: new Date("2030-01-01T00:00:00Z"),
    });
    expect(again.readAt).toEqual(read.readAt);
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(1);
    expect(await markAllNotificationsRead(ownerScope(partner.id))).toEqual({ updated: 1 });
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(0);
  });

  it("gives another partner nothing and lets it change nothing", async () => {
    const { partner, channel } = await setup();
    await evaluateAt(partner.id, channel.id, day(13));
    const [item] = (await listNotifications(ownerScope(partner.id))).items;
    const other = await createPartner();

    expect((await listNotifications(ownerScope(other.id))).items).toEqual([]);
    expect(await countUnreadNotifications(ownerScope(other.id))).toBe(0);
    await expect(
      markNotificationRead(ownerScope(other.id), { id: item!.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(dismissNotification(ownerScope(other.id), { id: item!.id })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    expect(await markAllNotificationsRead(ownerScope(other.id))).toEqual({ updated: 0 });

    const [row] = await rowsOf(channel.id);
    expect(row).toMatchObject({ readAt: null, dismissedAt: null });
    expect(await countUnreadNotifications(ownerScope(partner.id))).toBe(1);
  });

  it("answers a malformed id as not found", async () => {
    const partner = await createPartner();
    await expect(dismissNotification(ownerScope(partner.id), { id: "nope" })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
  });
});
