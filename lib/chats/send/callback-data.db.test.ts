import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { forwardingDeliveries } from "@/db/schema";
import { ownerScope } from "@/lib/auth/testing";
import { setChannelWebhook } from "@/lib/forwarding/settings";
import { userActor } from "@/lib/partners/actor";
import { listDeliveries } from "@/lib/sandbox/deliveries";
import { listSandboxContacts } from "@/lib/sandbox/numbers/store";
import { sendChatMessage } from "./index";
import {
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  settle,
  startSendHarness,
} from "./testing";

/**
 * `biz_opaque_callback_data` end to end: the hub sends its own reference with the partner's
 * value, the sandbox (as Meta) echoes it in every status webhook, and the partner's forwarded
 * statuses carry exactly the value they sent.
 */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
});
afterAll(async () => {
  await harness.close();
});

type Status = { id: string; biz_opaque_callback_data?: string };
/** The statuses of a webhook body (a string, or already parsed). */
function statusesOf(body: unknown): Status[] {
  const parsed = (typeof body === "string" ? JSON.parse(body) : body) as {
    entry?: { changes?: { value?: { statuses?: Status[] } }[] }[];
  };
  return (parsed.entry ?? []).flatMap((e) =>
    (e.changes ?? []).flatMap((c) => c.value?.statuses ?? []),
  );
}

describe("callback data through Meta and back", () => {
  it("comes back in every status, and the partner's forwarded statuses carry only their own value", async () => {
    const t = await onboardSendChannel();
    await setChannelWebhook(ownerScope(t.partner.id), {
      channelId: t.channel.id,
      url: "http://127.0.0.1:9/partner-receiver",
      headers: {},
      actor: userActor({ userId: t.owner.id, email: t.owner.email }),
    });
    const phoneNumberId = t.number.phoneNumberId;
    const [someone] = await listSandboxContacts(phoneNumberId);
    const to = someone!.waId;
    await customerWrites(phoneNumberId, to);
    const before = (await listDeliveries({ phoneNumberId })).length;

    const result = await sendChatMessage(ownerScope(t.partner.id), {
      channelId: t.channel.id,
      body: {
        to,
        type: "text",
        text: { body: "Your order shipped" },
        biz_opaque_callback_data: "order:42",
      },
      sentBy: { kind: "user", userId: t.owner.id },
    });
    const hubId = result.message!.id;
    // sent and delivered at least (read follows when the number reads automatically); the
    // webhooks go out on the sandbox's timers, so wait for them rather than race them.
    const wamid = result.message!.wamid;
    const atMeta = async () => {
      await settle(phoneNumberId, before + 1);
      return (await listDeliveries({ phoneNumberId, afterId: 0 }))
        .flatMap((d) => statusesOf(d.body))
        .filter((s) => s.id === wamid);
    };
    await expect
      .poll(async () => (await atMeta()).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    for (const s of await atMeta()) {
      expect(s.biz_opaque_callback_data).toBe(`coex:${hubId}:order:42`);
    }

    const toPartner = async () =>
      (
        await getDb()
          .select({ body: forwardingDeliveries.body })
          .from(forwardingDeliveries)
          .where(and(eq(forwardingDeliveries.channelId, t.channel.id)))
          .orderBy(asc(forwardingDeliveries.seq))
      )
        .flatMap((d) => statusesOf(d.body))
        .filter((s) => s.id === wamid);
    await expect
      .poll(async () => (await toPartner()).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    for (const s of await toPartner()) expect(s.biz_opaque_callback_data).toBe("order:42");
  });
});
