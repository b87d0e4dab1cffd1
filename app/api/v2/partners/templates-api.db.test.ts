import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sandboxTemplates } from "@/db/schema";
import { callRoute } from "@/lib/api/testing";
import { ownerScope } from "@/lib/auth/testing";
import { sendChatMessage } from "@/lib/chats/send";
import { onboardSendChannel, type SendHarness, startSendHarness } from "@/lib/chats/send/testing";
import { drainProcessing } from "@/lib/ingest/queue";
import { userActor } from "@/lib/partners/actor";
import { createChannelApiKey, createPartnerApiKey } from "@/lib/partners/api-keys";
import { waitForDeliveries } from "@/lib/sandbox/deliveries";
import { setTemplateReviewDelayMs } from "@/lib/sandbox/templates";
import { GET as listWithChannelKey } from "../../v1/configs/templates/route";
import * as deleteRoute from "./[partner_id]/channels/[channel_id]/templates/[template_name]/route";
import * as templatesRoute from "./[partner_id]/channels/[channel_id]/templates/route";

/**
 * Partner API templates against the sandbox over HTTP: the sandbox's review webhooks reach the
 * hub's real webhook route, so the list shows APPROVED from the webhook alone.
 */
let harness: SendHarness;
beforeAll(async () => {
  harness = await startSendHarness();
  await setTemplateReviewDelayMs(200);
});
afterAll(async () => {
  await setTemplateReviewDelayMs(3000);
  await harness.close();
});

type Route = Parameters<typeof callRoute>[0];

async function tenant() {
  const setup = await onboardSendChannel();
  const actor = userActor({ userId: setup.owner.id, email: setup.owner.email });
  const key = await createPartnerApiKey(ownerScope(setup.partner.id), { name: "CRM", actor });
  const channelKey = await createChannelApiKey(ownerScope(setup.partner.id), {
    channelId: setup.channel.id,
    actor,
  });
  const path = `/api/v2/partners/${setup.partner.id}/channels/${setup.channel.id}/templates`;
  const params = { partner_id: setup.partner.id, channel_id: setup.channel.id };
  return { ...setup, key: key.secret, channelKey: channelKey.secret, path, params };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

const list = (t: Tenant, key = t.key, query = "") =>
  callRoute(templatesRoute.GET as unknown as Route, {
    path: `${t.path}${query}`,
    params: t.params,
    headers: { "X-API-Key": key },
  });
const create = (t: Tenant, body: unknown, key = t.key) =>
  callRoute(templatesRoute.POST as unknown as Route, {
    method: "POST",
    path: t.path,
    params: t.params,
    headers: { "X-API-Key": key },
    body,
  });
const remove = (t: Tenant, name: string, key = t.key) =>
  callRoute(deleteRoute.DELETE as unknown as Route, {
    method: "DELETE",
    path: `${t.path}/${name}`,
    params: { ...t.params, template_name: name },
    headers: { "X-API-Key": key },
  });

const definition = (name: string, text = "Your table for {{1}} is booked for tonight.") => ({
  name,
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text, example: { body_text: [["two"]] } }],
});

async function sandboxCount(wabaId: string) {
  return (await getDb().select().from(sandboxTemplates).where(eq(sandboxTemplates.wabaId, wabaId)))
    .length;
}

describe("Partner API templates", () => {
  it("lists the WABA's templates, read from Meta on first use", async () => {
    const t = await tenant();
    const answer = await list(t);
    expect(answer.status).toBe(200);
    const body = answer.body as {
      count: number;
      synced_at: string | null;
      templates: { name: string; status: string }[];
    };
    expect(body.count).toBe(4);
    expect(body.synced_at).not.toBeNull();
    expect(body.templates.map((x) => x.name)).toEqual([
      "hello_world",
      "login_code",
      "order_update",
      "spring_sale",
    ]);
  });

  it("creates a template PENDING; the status webhook alone makes it APPROVED; it sends with its price", async () => {
    const t = await tenant();
    await list(t);
    const created = await create(t, definition("table_booked"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "table_booked",
      status: "PENDING",
      category: "UTILITY",
    });

    await waitForDeliveries({
      wabaId: t.number.wabaId,
      field: "message_template_status_update",
      count: 1,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await drainProcessing();
    const after = (await list(t, t.key, "?status=APPROVED")).body as {
      templates: { name: string }[];
    };
    expect(after.templates.map((x) => x.name)).toContain("table_booked");

    // Outside any service window: a template is the only thing that can be sent, priced as utility.
    const sent = await sendChatMessage(ownerScope(t.partner.id), {
      channelId: t.channel.id,
      sentBy: { kind: "user", userId: t.owner.id },
      body: {
        to: "5511987650002",
        type: "template",
        template: {
          name: "table_booked",
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: "two" }] }],
        },
      },
    });
    expect(sent.estimate.category).toBe("utility");
    expect(sent.message?.status).toBe("sent");
  });

  it("refuses a template that breaks Meta's rules with every problem, and nothing reaches Meta", async () => {
    const t = await tenant();
    const before = await sandboxCount(t.number.wabaId);
    const answer = await create(t, {
      name: "Bad Name",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "{{1}} hello" }],
    });
    expect(answer.status).toBe(422);
    const error = (answer.body as { error: { code: string; message: string; details?: unknown } })
      .error;
    expect(error.code).toBe("unprocessable");
    expect(JSON.stringify(answer.body)).toContain("Lower-case letters");
    expect(JSON.stringify(answer.body)).toContain("cannot start or end with a parameter");
    expect(await sandboxCount(t.number.wabaId)).toBe(before);
  });

  it("shows Meta's refusal in words (a duplicate name and language)", async () => {
    const t = await tenant();
    const answer = await create(
      t,
      definition("order_update", "Your order {{1}} has shipped today."),
    );
    expect(answer.status).toBe(422);
    expect((answer.body as { error: { message: string } }).error.message).toBe(
      "Meta refused the template: The template order_update already has content in en_US. Delete it or choose another name.",
    );
  });

  it("deletes a template at Meta and in the hub", async () => {
    const t = await tenant();
    await list(t);
    expect((await remove(t, "spring_sale")).status).toBe(204);
    const names = ((await list(t)).body as { templates: { name: string }[] }).templates.map(
      (x) => x.name,
    );
    expect(names).not.toContain("spring_sale");
    const refreshed = (
      (await list(t, t.key, "?refresh=true")).body as { templates: { name: string }[] }
    ).templates;
    expect(refreshed.map((x) => x.name)).not.toContain("spring_sale");
    const again = await remove(t, "spring_sale");
    expect(again.status).toBe(422);
    expect((again.body as { error: { message: string } }).error.message).toContain("spring_sale");
  });

  it("the Messaging API key lists its channel's templates", async () => {
    const t = await tenant();
    const answer = await callRoute(listWithChannelKey as unknown as Route, {
      path: "/api/v1/configs/templates?status=APPROVED",
      headers: { "D360-API-KEY": t.channelKey },
    });
    expect(answer.status).toBe(200);
    expect((answer.body as { count: number }).count).toBe(4);
  });

  it("another partner's key gets 404 everywhere and changes nothing", async () => {
    const mine = await tenant();
    const other = await tenant();
    const before = await sandboxCount(mine.number.wabaId);
    const foreign = { ...mine, params: { ...mine.params, partner_id: other.partner.id } };
    for (const answer of [
      await list(mine, other.key),
      await create(mine, definition("sneaky_one"), other.key),
      await remove(mine, "order_update", other.key),
      // Their own partner id, my channel.
      await list(
        { ...foreign, path: foreign.path.replace(mine.partner.id, other.partner.id) },
        other.key,
      ),
    ]) {
      expect(answer.status).toBe(404);
    }
    expect(await sandboxCount(mine.number.wabaId)).toBe(before);
  });
});
