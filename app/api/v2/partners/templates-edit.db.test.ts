import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messageTemplates, sandboxTemplates } from "@/db/schema";
import { createClient } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { clientUserScope, ownerScope } from "@/lib/auth/testing";
import { onboardSendChannel, type SendHarness, startSendHarness } from "@/lib/chats/send/testing";
import { AppError } from "@/lib/errors";
import { drainProcessing } from "@/lib/ingest/queue";
import { userActor } from "@/lib/partners/actor";
import { createPartnerApiKey } from "@/lib/partners/api-keys";
import { waitForDeliveries } from "@/lib/sandbox/deliveries";
import { effectiveStatus, setTemplateReviewDelayMs } from "@/lib/sandbox/templates";
import { templateResource } from "@/lib/templates/api";
import { editChannelTemplate } from "@/lib/templates/store";
import * as templateRoute from "./[partner_id]/channels/[channel_id]/templates/[template_name]/route";
import * as templatesRoute from "./[partner_id]/channels/[channel_id]/templates/route";

/**
 * Editing templates (Partner API and the store behind the console) against the sandbox over
 * HTTP: the sandbox plays Meta's edit rules and reviews the change again, and its review webhook
 * reaches the hub's real webhook route.
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
  const path = `/api/v2/partners/${setup.partner.id}/channels/${setup.channel.id}/templates`;
  const params = { partner_id: setup.partner.id, channel_id: setup.channel.id };
  return { ...setup, key: key.secret, path, params };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

const edit = (t: Tenant, name: string, body: unknown, { key = t.key, query = "" } = {}) =>
  callRoute(templateRoute.POST as unknown as Route, {
    method: "POST",
    path: `${t.path}/${name}${query}`,
    params: { ...t.params, template_name: name },
    headers: { "X-API-Key": key },
    body,
  });
const create = (t: Tenant, body: unknown) =>
  callRoute(templatesRoute.POST as unknown as Route, {
    method: "POST",
    path: t.path,
    params: t.params,
    headers: { "X-API-Key": t.key },
    body,
  });
const list = (t: Tenant) =>
  callRoute(templatesRoute.GET as unknown as Route, {
    path: t.path,
    params: t.params,
    headers: { "X-API-Key": t.key },
  });

const shipped = [
  {
    type: "BODY",
    text: "Your order {{1}} has shipped and arrives tomorrow.",
    example: { body_text: [["A-1042"]] },
  },
];

/** What Meta (the sandbox) holds for the template. */
async function atMeta(wabaId: string, name: string, language = "en_US") {
  const [row] = await getDb()
    .select()
    .from(sandboxTemplates)
    .where(
      and(
        eq(sandboxTemplates.wabaId, wabaId),
        eq(sandboxTemplates.name, name),
        eq(sandboxTemplates.language, language),
      ),
    );
  return row!;
}

const errorOf = (answer: { body: unknown }) =>
  (answer.body as { error: { code: string; message: string; details?: unknown } }).error;

describe("editing a template", () => {
  it("an approved template's new body goes to Meta, shows PENDING, then the review approves it", async () => {
    const t = await tenant();
    // Never listed before: the hub reads Meta's list first to find the template.
    const answer = await edit(t, "order_update", { components: shipped });
    expect(answer.status).toBe(200);
    const body = templateResource.parse(answer.body);
    expect(body).toMatchObject({
      name: "order_update",
      language: "en_US",
      category: "UTILITY",
      status: "PENDING",
      rejection_reason: null,
      components: shipped,
    });
    expect(Date.now() - Date.parse(body.last_change_at)).toBeLessThan(10_000);
    const meta = await atMeta(t.number.wabaId, "order_update");
    expect(meta.edits).toBe(1);
    expect(meta.components).toEqual(shipped);

    await waitForDeliveries({
      wabaId: t.number.wabaId,
      field: "message_template_status_update",
      count: 1,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await drainProcessing();
    const after = (await list(t)).body as {
      templates: { name: string; status: string; components: unknown }[];
    };
    expect(after.templates.find((x) => x.name === "order_update")).toMatchObject({
      status: "APPROVED",
      components: shipped,
    });
  });

  it("refuses a template in review in words, and nothing reaches Meta", async () => {
    const t = await tenant();
    await setTemplateReviewDelayMs(60_000);
    try {
      const created = await create(t, {
        name: "table_booked",
        language: "en_US",
        category: "UTILITY",
        components: [
          {
            type: "BODY",
            text: "Your table for {{1}} is booked for tonight.",
            example: { body_text: [["two"]] },
          },
        ],
      });
      expect(created.status).toBe(201);
      const answer = await edit(t, "table_booked", { components: shipped });
      expect(answer.status).toBe(409);
      expect(errorOf(answer)).toEqual({
        code: "conflict",
        message:
          "table_booked (en_US) is in review at Meta: it can be edited once the review ends. Nothing was sent to Meta.",
      });
      expect((await atMeta(t.number.wabaId, "table_booked")).edits).toBe(0);
    } finally {
      await setTemplateReviewDelayMs(200);
    }
  });

  it("refuses components that break Meta's rules before Meta sees them, every problem listed", async () => {
    const t = await tenant();
    const answer = await edit(t, "order_update", {
      components: [{ type: "BODY", text: "{{1}} is on its way" }],
    });
    expect(answer.status).toBe(422);
    expect(errorOf(answer).message).toBe(
      "The change does not follow Meta's rules: nothing was sent to Meta.",
    );
    expect(JSON.stringify(answer.body)).toContain("cannot start or end with a parameter");
    expect(JSON.stringify(answer.body)).toContain("Give one example value per parameter");
    const meta = await atMeta(t.number.wabaId, "order_update");
    expect(meta.edits).toBe(0);
    expect(effectiveStatus(meta)).toBe("APPROVED");
  });

  it("refuses a new category on an approved template; the same category is no change", async () => {
    const t = await tenant();
    const recategorised = await edit(t, "order_update", { category: "MARKETING" });
    expect(recategorised.status).toBe(409);
    expect(errorOf(recategorised).message).toContain(
      "Meta does not let an approved template change category",
    );
    const same = await edit(t, "order_update", { category: "UTILITY" });
    expect(same.status).toBe(422);
    expect(errorOf(same).message).toContain("Nothing to change");
    expect((await atMeta(t.number.wabaId, "order_update")).edits).toBe(0);
  });

  it("relays Meta's own refusal in words when the hub's copy is behind", async () => {
    const t = await tenant();
    // Listed first: the edit then trusts the hub's copy instead of reading Meta's list.
    await list(t);
    await setTemplateReviewDelayMs(60_000);
    try {
      await create(t, {
        name: "pickup_ready",
        language: "en_US",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Your order is ready for pickup at the desk." }],
      });
      // As if a webhook had said APPROVED while Meta still reviews it.
      await getDb()
        .update(messageTemplates)
        .set({ status: "APPROVED" })
        .where(
          and(
            eq(messageTemplates.partnerId, t.partner.id),
            eq(messageTemplates.name, "pickup_ready"),
          ),
        );
      const answer = await edit(t, "pickup_ready", { components: shipped });
      expect(answer.status).toBe(422);
      expect(errorOf(answer).message).toBe(
        "Meta refused the change: A template in status PENDING can't be edited. Wait for the review to finish.",
      );
      expect(errorOf(answer).details).toMatchObject({
        meta_error: { code: 100, error_subcode: 2388025 },
      });
    } finally {
      await setTemplateReviewDelayMs(200);
    }
  });

  it("finds the template by name and language, and asks which language when there are several", async () => {
    const t = await tenant();
    expect((await edit(t, "no_such_template", { components: shipped })).status).toBe(404);
    const wrongLanguage = await edit(
      t,
      "order_update",
      { components: shipped },
      {
        query: "?language=pt_BR",
      },
    );
    expect(wrongLanguage.status).toBe(404);
    expect(errorOf(wrongLanguage).message).toBe(
      "No template order_update in pt_BR on this channel.",
    );

    await create(t, {
      name: "order_update",
      language: "pt_BR",
      category: "UTILITY",
      components: [
        {
          type: "BODY",
          text: "Seu pedido {{1}} está a caminho hoje.",
          example: { body_text: [["A-1"]] },
        },
      ],
    });
    const ambiguous = await edit(t, "order_update", { components: shipped });
    expect(ambiguous.status).toBe(422);
    expect(errorOf(ambiguous).message).toBe(
      "order_update exists in en_US, pt_BR: say which language to edit.",
    );
    const chosen = await edit(
      t,
      "order_update",
      { components: shipped },
      {
        query: "?language=en_US",
      },
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ language: "en_US", status: "PENDING" });
  });

  it("answers 400 for a body that is not JSON and 422 for an empty change", async () => {
    const t = await tenant();
    expect((await edit(t, "order_update", "{not json")).status).toBe(400);
    const empty = await edit(t, "order_update", {});
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.body)).toContain("Give components or a category to change.");
  });

  it("another partner's key, partner or client reaches nothing, and Meta sees nothing", async () => {
    const mine = await tenant();
    const other = await tenant();
    await list(mine);
    const foreignPath = mine.path.replace(mine.partner.id, other.partner.id);
    for (const answer of [
      await edit(mine, "order_update", { components: shipped }, { key: other.key }),
      // Their own partner id, my channel.
      await callRoute(templateRoute.POST as unknown as Route, {
        method: "POST",
        path: `${foreignPath}/order_update`,
        params: { ...mine.params, partner_id: other.partner.id, template_name: "order_update" },
        headers: { "X-API-Key": other.key },
        body: { components: shipped },
      }),
    ]) {
      expect(answer.status).toBe(404);
    }
    // The console's scope: a client user of another client of my partner.
    const otherClient = await createClient(mine.partner.id);
    const refused = await editChannelTemplate(clientUserScope(mine.partner.id, otherClient.id), {
      channelId: mine.channel.id,
      name: "order_update",
      language: "en_US",
      body: { components: shipped },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("not_found");
    expect((await atMeta(mine.number.wabaId, "order_update")).edits).toBe(0);
  });

  it("the console's scope (its own client) edits a rejected template's category too", async () => {
    const t = await tenant();
    await create(t, {
      name: "reject_me_first",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Your booking is confirmed for tonight." }],
    });
    await waitForDeliveries({
      wabaId: t.number.wabaId,
      field: "message_template_status_update",
      count: 1,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await drainProcessing();
    const edited = await editChannelTemplate(clientUserScope(t.partner.id, t.client.id), {
      channelId: t.channel.id,
      name: "reject_me_first",
      language: "en_US",
      body: { category: "MARKETING" },
    });
    expect(edited).toMatchObject({
      status: "PENDING",
      category: "MARKETING",
      rejectionReason: null,
    });
    expect((await atMeta(t.number.wabaId, "reject_me_first")).edits).toBe(1);
  });
});
