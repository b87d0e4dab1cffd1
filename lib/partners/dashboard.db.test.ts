import { describe, expect, it } from "vitest";
import { ownerScope } from "@/lib/auth/testing";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerTextFrom, envelope } from "@/lib/ingest/testing/meta-payloads";
import { listRecentActivity } from "./dashboard";

describe("the Overview's recent activity", () => {
  it("names a customer by saved or profile name, else by number or username, and only the partner's own", async () => {
    const { partner, ids } = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
    const other = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
    const T = Math.floor(Date.now() / 1000) - 60;
    await deliver(
      envelope(ids.wabaId, [
        customerTextFrom(
          ids,
          { userId: "US.1349", username: "bob" },
          { wamid: "r1", ts: T, body: "a" },
        ),
        customerTextFrom(ids, { waId: "5511912345678" }, { wamid: "r2", ts: T + 1, body: "b" }),
        customerTextFrom(
          ids,
          { waId: "5511987654321", name: "Ana" },
          { wamid: "r3", ts: T + 2, body: "c" },
        ),
      ]),
    );
    await deliver(
      envelope(other.ids.wabaId, [
        customerTextFrom(
          other.ids,
          { waId: "5511900000000", name: "Not yours" },
          { wamid: "x", ts: T, body: "x" },
        ),
      ]),
    );
    const activity = await listRecentActivity(ownerScope(partner.id));
    expect(activity.map((a) => [a.text, a.contactName])).toEqual([
      ["c", "Ana"],
      ["b", "+55 11 91234 5678"],
      ["a", "@bob"],
    ]);
  });
});
