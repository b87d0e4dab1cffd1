import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sandboxTemplates } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { parseChange, webhookEnvelopeSchema } from "@/lib/meta/webhooks";
import { handleControlRequest } from "@/lib/sandbox/control/router";
import { waitForDeliveries } from "@/lib/sandbox/deliveries";
import { handleGraphRequest } from "@/lib/sandbox/graph";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber } from "@/lib/sandbox/numbers/store";
import {
  findSandboxTemplate,
  setSandboxTemplateStatus,
  setTemplateReviewDelayMs,
} from "@/lib/sandbox/templates";
import { type Received, startWebhookReceiver } from "@/lib/sandbox/testing/receiver";
import { sandboxRouter, serveHandler } from "@/lib/sandbox/testing/serve";
import {
  createTemplate,
  deleteTemplate,
  editTemplate,
  exchangeCode,
  listTemplates,
  MetaApiError,
  sendMessage,
} from "./index";

/**
 * The Graph template calls against the sandbox over real HTTP, refusals included; the sandbox's
 * review webhooks received by a real server that checks their signature.
 */
let sandbox: Awaited<ReturnType<typeof serveHandler>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let graph: { baseUrl: string; backoffMs: number };

beforeAll(async () => {
  receiver = await startWebhookReceiver("sandbox-app-secret");
  process.env.SANDBOX_WEBHOOK_URL = receiver.url;
  process.env.LOG_LEVEL ??= "error";
  resetEnvForTests();
  sandbox = await serveHandler(
    sandboxRouter([
      { prefix: "/sandbox/graph/", handler: handleGraphRequest },
      { prefix: "/sandbox/api/", handler: handleControlRequest },
    ]),
  );
  graph = { baseUrl: `${sandbox.url}/sandbox/graph`, backoffMs: 10 };
  await setTemplateReviewDelayMs(300);
});

afterAll(async () => {
  await setTemplateReviewDelayMs(3000);
  await sandbox.close();
  await receiver.close();
  delete process.env.SANDBOX_WEBHOOK_URL;
  resetEnvForTests();
});

async function onboard() {
  const number = await createSandboxNumber({ contacts: 1, historyDays: 0 });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  const { accessToken } = await exchangeCode({ code, graph });
  return { number, token: accessToken, wabaId: number.wabaId };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetaApiError);
  return error as MetaApiError;
}

function templateChanges(received: Received[], wabaId: string) {
  return received.flatMap((r) =>
    webhookEnvelopeSchema
      .parse(r.body)
      .entry.filter((entry) => entry.id === wabaId)
      .flatMap((entry) =>
        entry.changes.map((change) => {
          const parsed = parseChange(change.field, change.value);
          if (!parsed.ok) throw new Error(`invalid ${change.field}: ${JSON.stringify(parsed)}`);
          return { ...parsed.change, signed: r.signatureValid };
        }),
      ),
  );
}

const body = (text: string, examples?: string[]) => ({
  type: "BODY",
  text,
  ...(examples ? { example: { body_text: [examples] } } : {}),
});

describe("message templates through the Graph client", () => {
  it("lists the four approved templates every WABA starts with, with their quality", async () => {
    const { token, wabaId } = await onboard();
    const listed = await listTemplates({ token, wabaId, graph });
    expect(listed.map((t) => [t.name, t.status, t.category]).sort()).toEqual([
      ["hello_world", "APPROVED", "UTILITY"],
      ["login_code", "APPROVED", "AUTHENTICATION"],
      ["order_update", "APPROVED", "UTILITY"],
      ["spring_sale", "APPROVED", "MARKETING"],
    ]);
    expect(listed[0]?.quality_score?.score).toBe("GREEN");
  });

  it("creates a template PENDING, approves it after the review with a signed webhook, then it can be sent", async () => {
    const { number, token, wabaId } = await onboard();
    // Long enough to look at it while pending on a busy machine.
    await setTemplateReviewDelayMs(2500);
    const created = await createTemplate({
      token,
      wabaId,
      graph,
      template: {
        name: "delivery_window",
        language: "en_US",
        category: "UTILITY",
        components: [body("Your delivery {{1}} arrives between 2 and 4 pm.", ["A-1"])],
      },
    });
    expect(created).toMatchObject({ status: "PENDING", category: "UTILITY" });
    const pending = await listTemplates({ token, wabaId, graph });
    expect(pending.find((t) => t.name === "delivery_window")?.status).toBe("PENDING");
    // Before the review ends Meta refuses to send it.
    const early = await refusal(
      sendMessage({
        token,
        phoneNumberId: number.phoneNumberId,
        to: "5511987650001",
        message: {
          type: "template",
          template: { name: "delivery_window", language: { code: "en_US" } },
        },
        graph,
      }),
    );
    expect(early.code).toBe(132001);
    await setTemplateReviewDelayMs(300);

    await waitForDeliveries({ wabaId, field: "message_template_status_update", count: 1 });
    const changes = templateChanges(receiver.received, wabaId);
    expect(changes).toContainEqual(
      expect.objectContaining({
        field: "message_template_status_update",
        signed: true,
        value: expect.objectContaining({
          event: "APPROVED",
          message_template_id: created.id,
          message_template_name: "delivery_window",
        }),
      }),
    );
    const approved = await listTemplates({ token, wabaId, graph });
    expect(approved.find((t) => t.name === "delivery_window")?.status).toBe("APPROVED");
    const sent = await sendMessage({
      token,
      phoneNumberId: number.phoneNumberId,
      to: "5511987650001",
      message: {
        type: "template",
        template: {
          name: "delivery_window",
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: "A-1" }] }],
        },
      },
      graph,
    });
    expect(sent.wamid).toMatch(/^wamid\./);
  });

  it("re-categorises a promotional utility body to MARKETING, announcing it", async () => {
    const { token, wabaId } = await onboard();
    await createTemplate({
      token,
      wabaId,
      graph,
      template: {
        name: "weekend_notice",
        language: "en_US",
        category: "UTILITY",
        components: [body("Big sale this weekend: 30% off all shoes in store.")],
      },
    });
    await waitForDeliveries({ wabaId, field: "message_template_status_update", count: 1 });
    const fields = templateChanges(receiver.received, wabaId);
    expect(fields).toContainEqual(
      expect.objectContaining({
        field: "template_category_update",
        value: expect.objectContaining({ previous_category: "UTILITY", new_category: "MARKETING" }),
      }),
    );
    const listed = await listTemplates({ token, wabaId, graph });
    expect(listed.find((t) => t.name === "weekend_notice")).toMatchObject({
      status: "APPROVED",
      category: "MARKETING",
      previous_category: "UTILITY",
    });
  });

  it("rejects a template by the QA rule, with Meta's reason", async () => {
    const { token, wabaId } = await onboard();
    await createTemplate({
      token,
      wabaId,
      graph,
      template: {
        name: "reject_me",
        language: "en_US",
        category: "UTILITY",
        components: [body("Your appointment is confirmed for tomorrow.")],
      },
    });
    await waitForDeliveries({ wabaId, field: "message_template_status_update", count: 1 });
    const listed = await listTemplates({ token, wabaId, graph });
    expect(listed.find((t) => t.name === "reject_me")).toMatchObject({
      status: "REJECTED",
      rejected_reason: "INVALID_FORMAT",
    });
  });

  it("refuses a duplicate name and language, and a template that breaks Meta's rules, in words", async () => {
    const { token, wabaId } = await onboard();
    const duplicate = await refusal(
      createTemplate({
        token,
        wabaId,
        graph,
        template: {
          name: "order_update",
          language: "en_US",
          category: "UTILITY",
          components: [body("Your order is on its way.")],
        },
      }),
    );
    expect(duplicate).toMatchObject({ code: 100, errorSubcode: 2388024, attempts: 1 });
    expect(duplicate.userMessage).toContain("already has content in en_US");
    expect(duplicate.hint).toMatch(/already exists in this language/);

    const broken = await refusal(
      createTemplate({
        token,
        wabaId,
        graph,
        template: {
          name: "no_example",
          language: "en_US",
          category: "UTILITY",
          components: [body("Hello {{1}}, your order is ready.")],
        },
      }),
    );
    expect(broken).toMatchObject({ code: 100 });
    expect(broken.userMessage).toMatch(/example value per parameter/);
  });

  it("edits only where Meta allows it, and the edit goes back to review", async () => {
    const { token, wabaId } = await onboard();
    // A review long enough that the template is surely still pending when edited.
    await setTemplateReviewDelayMs(120_000);
    const created = await createTemplate({
      token,
      wabaId,
      graph,
      template: {
        name: "pickup_ready",
        language: "en_US",
        category: "UTILITY",
        components: [body("Your order is ready for pickup at the shop.")],
      },
    });
    const pending = await refusal(
      editTemplate({
        token,
        templateId: created.id,
        changes: { components: [body("Your order can be picked up at the shop.")] },
        graph,
      }),
    );
    expect(pending).toMatchObject({ code: 100, errorSubcode: 2388025 });
    expect(pending.userMessage).toContain("PENDING");

    // The review ends (its webhook is not awaited here).
    await getDb()
      .update(sandboxTemplates)
      .set({ reviewedAt: new Date(Date.now() - 1000) })
      .where(eq(sandboxTemplates.id, created.id));
    await expect(
      editTemplate({
        token,
        templateId: created.id,
        changes: { components: [body("Your order can be picked up at the shop now.")] },
        graph,
      }),
    ).resolves.toEqual({ success: true });
    const listed = await listTemplates({ token, wabaId, graph });
    expect(listed.find((t) => t.name === "pickup_ready")?.status).toBe("PENDING");
    await setTemplateReviewDelayMs(300);
  });

  it("deletes by name; an unknown name is refused; a deleted or paused template cannot be sent", async () => {
    const { number, token, wabaId } = await onboard();
    await expect(deleteTemplate({ token, wabaId, name: "spring_sale", graph })).resolves.toEqual({
      success: true,
    });
    const missing = await refusal(deleteTemplate({ token, wabaId, name: "never_was", graph }));
    expect(missing.userMessage).toContain("never_was");
    const send = (name: string) =>
      sendMessage({
        token,
        phoneNumberId: number.phoneNumberId,
        to: "5511987650001",
        message: { type: "template", template: { name, language: { code: "en_US" } } },
        graph,
      });
    expect((await refusal(send("spring_sale"))).code).toBe(132001);

    const hello = (await listTemplates({ token, wabaId, graph })).find(
      (t) => t.name === "hello_world",
    )!;
    await setSandboxTemplateStatus(number, (await findSandboxTemplate(hello.id))!, "PAUSED");
    const paused = await refusal(send("hello_world"));
    expect(paused.code).toBe(132015);
    expect(paused.hint).toMatch(/paused/);
  });

  it("another WABA's token cannot see or edit the template", async () => {
    const mine = await onboard();
    const other = await onboard();
    const [template] = await listTemplates({ token: mine.token, wabaId: mine.wabaId, graph });
    const error = await refusal(
      editTemplate({
        token: other.token,
        templateId: template!.id,
        changes: { category: "MARKETING" },
        graph,
      }),
    );
    expect(error).toMatchObject({ code: 100, errorSubcode: 33 });
    const listing = await refusal(
      listTemplates({ token: other.token, wabaId: mine.wabaId, graph }),
    );
    expect(listing.errorSubcode).toBe(33);
  });
});
