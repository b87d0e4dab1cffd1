import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { costRollups } from "@/db/schema";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { exportPartnerCostsCsv, listClientCostsInRange } from "./partner-report";

async function partnerWithSpend() {
  const partner = await createPartner();
  const client = await createClient(partner.id, { name: "=HYPERLINK(1)" });
  const idle = await createClient(partner.id, { name: "Idle Client" });
  const channel = await createChannel(partner.id, client.id);
  const base = {
    partnerId: partner.id,
    channelId: channel.id,
    clientId: client.id,
    currency: "USD",
  };
  await getDb()
    .insert(costRollups)
    .values([
      {
        ...base,
        day: "2026-11-02",
        category: "marketing",
        charged: true,
        freeBecause: "",
        messages: 3,
        amountMicros: 187_500,
        noRate: 0,
      },
      {
        ...base,
        day: "2026-11-02",
        category: "service",
        charged: false,
        freeBecause: "window",
        messages: 5,
        amountMicros: 0,
        noRate: 0,
      },
      {
        ...base,
        day: "2026-11-20",
        category: "utility",
        charged: true,
        freeBecause: "",
        messages: 1,
        amountMicros: 6_800,
        noRate: 0,
      },
      {
        ...base,
        day: "2026-12-01",
        category: "marketing",
        charged: true,
        freeBecause: "",
        messages: 9,
        amountMicros: 999_000,
        noRate: 0,
      },
    ]);
  return { partner, client, idle, channel };
}

describe("the partner's costs over a date range", () => {
  it("sums each client's spend in the range, idle clients at zero", async () => {
    const { partner, client, idle } = await partnerWithSpend();
    const rows = await listClientCostsInRange(ownerScope(partner.id), {
      from: "2026-11-01",
      to: "2026-12-01",
    });
    expect(rows).toEqual([
      expect.objectContaining({
        clientId: client.id,
        messages: 9,
        charged: 4,
        free: 5,
        amountMicros: 194_300,
      }),
      expect.objectContaining({ clientId: idle.id, messages: 0, charged: 0, amountMicros: 0 }),
    ]);
  });

  it("exports the range as CSV, one row per day, channel and category, formulas defused", async () => {
    const { partner, channel } = await partnerWithSpend();
    const csv = await exportPartnerCostsCsv(ownerScope(partner.id), {
      from: "2026-11-01",
      to: "2026-12-01",
    });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "day,client_id,client,channel_id,phone_number,category,charged,free_because,messages,amount,currency",
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain("2026-11-02,");
    expect(lines[1]).toContain(",'=HYPERLINK(1),");
    expect(lines[1]).toContain(
      `${channel.id},${channel.displayPhoneNumber},marketing,yes,,3,0.187500,USD`,
    );
    expect(csv).not.toContain("2026-12-01");
  });

  it("gives another partner nothing", async () => {
    await partnerWithSpend();
    const other = await createPartner();
    await createClient(other.id);
    const rows = await listClientCostsInRange(ownerScope(other.id), {
      from: "2026-01-01",
      to: "2027-01-01",
    });
    expect(rows.every((r) => r.amountMicros === 0 && r.messages === 0)).toBe(true);
    const csv = await exportPartnerCostsCsv(ownerScope(other.id), {
      from: "2026-01-01",
      to: "2027-01-01",
    });
    expect(csv.trimEnd().split("\r\n")).toHaveLength(1);
  });
});
