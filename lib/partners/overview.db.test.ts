import { describe, expect, it } from "vitest";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { getPartnerCounts } from "./overview";

describe("getPartnerCounts", () => {
  it("counts the partner's clients, channels and connected channels", async () => {
    const partner = await createPartner();
    const a = await createClient(partner.id);
    const b = await createClient(partner.id);
    await createChannel(partner.id, a.id, { status: "connected" });
    await createChannel(partner.id, a.id, { status: "disconnected" });
    await createChannel(partner.id, b.id, { status: "connected" });
    expect(await getPartnerCounts(ownerScope(partner.id))).toEqual({
      clients: 2,
      channels: 3,
      connectedChannels: 2,
    });
  });

  it("gives another partner nothing of the first partner's", async () => {
    const partner = await createPartner();
    const client = await createClient(partner.id);
    await createChannel(partner.id, client.id);
    const other = await createPartner();
    expect(await getPartnerCounts(ownerScope(other.id))).toEqual({
      clients: 0,
      channels: 0,
      connectedChannels: 0,
    });
  });
});
