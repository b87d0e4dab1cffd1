import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channels, messages } from "@/db/schema";
import { createUser } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { repriceChannel } from "@/lib/costs/store";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerText, envelope, statuses } from "@/lib/ingest/testing/meta-payloads";
import { userActor } from "@/lib/partners/actor";
import { createPartnerApiKey } from "@/lib/partners/api-keys";
import { GET } from "./route";

const CUSTOMER = "5511912345678";
const T = Date.UTC(2026, 1, 10, 12) / 1000;

async function tenantWithCosts() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  const { channel, ids, partner } = setup;
  await getDb()
    .update(channels)
    .set({ onboardedAt: new Date(Date.UTC(2026, 0, 1)) })
    .where(eq(channels.id, channel.id));
  await deliver(
    envelope(ids.wabaId, [
      statuses(ids, [{ wamid: "wamid.tp", status: "sent", ts: T, to: CUSTOMER, pricing: true }]),
      customerText(ids, { wamid: "wamid.in", from: CUSTOMER, ts: T + 60, body: "ok" }),
      statuses(ids, [{ wamid: "wamid.re", status: "sent", ts: T + 120, to: CUSTOMER }]),
    ]),
  );
  expect(
    await getDb().select().from(messages).where(eq(messages.channelId, channel.id)),
  ).toHaveLength(3);
  await repriceChannel({ partnerId: partner.id, channelId: channel.id });
  const owner = await createUser(partner.id, "owner");
  const key = await createPartnerApiKey(ownerScope(partner.id), {
    name: "costs",
    actor: userActor({ userId: owner.id, email: owner.email }),
  });
  return { ...setup, key: key.secret };
}

function get(partnerId: string, key: string, query = "") {
  return callRoute(GET as unknown as Parameters<typeof callRoute>[0], {
    path: `/api/v2/partners/${partnerId}/costs${query}`,
    params: { partner_id: partnerId },
    headers: { "x-api-key": key },
  });
}

describe("GET /api/v2/partners/{partner_id}/costs", () => {
  it("answers per month and per day for a channel and a client", async () => {
    const t = await tenantWithCosts();
    const byMonth = await get(t.partner.id, t.key, `?channel_id=${t.channel.id}`);
    expect(byMonth.status).toBe(200);
    const body = byMonth.body as { periods: Array<Record<string, unknown>> };
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]).toMatchObject({
      period: "2026-02",
      messages: 2,
      charged: 1,
      free: 1,
      by_category: { marketing: { charged: 1 } },
    });
    expect(Number(body.periods[0]!.amount)).toBeGreaterThan(0);
    const byDay = await get(
      t.partner.id,
      t.key,
      `?client_id=${t.client.id}&group_by=day&from=2026-02-01&to=2026-03-01`,
    );
    expect((byDay.body as { periods: Array<{ period: string }> }).periods[0]!.period).toBe(
      "2026-02-10",
    );
    const outside = await get(t.partner.id, t.key, `?channel_id=${t.channel.id}&from=2026-03-01`);
    expect((outside.body as { periods: unknown[] }).periods).toEqual([]);
  });

  it("rejects bad parameters with field errors", async () => {
    const t = await tenantWithCosts();
    const bad = await get(t.partner.id, t.key, "?group_by=year&from=yesterday");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("group_by");
  });

  it("another partner's key gets 404 for the channel, the client and the partner path", async () => {
    const t = await tenantWithCosts();
    const other = await tenantWithCosts();
    expect((await get(other.partner.id, other.key, `?channel_id=${t.channel.id}`)).status).toBe(
      404,
    );
    expect((await get(other.partner.id, other.key, `?client_id=${t.client.id}`)).status).toBe(404);
    expect((await get(t.partner.id, other.key)).status).toBe(404);
    const own = await get(other.partner.id, other.key);
    expect((own.body as { periods: Array<{ messages: number }> }).periods[0]!.messages).toBe(2);
  });
});
