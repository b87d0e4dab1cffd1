import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { channelEvents, channels, messageTemplates, webhookEvents } from "@/db/schema";
import { ownerScope } from "@/lib/auth/testing";
import { evaluateChannel } from "@/lib/health/evaluate";
import { buildLifecycleTimeline } from "@/lib/health/timeline";
import { toChannelResource } from "@/lib/partners/api-shapes";
import { getChannelById } from "@/lib/partners/channels";
import { channelWithPartner, deliver } from "./testing/harness";
import { accountUpdate, type ChannelIds, envelope } from "./testing/meta-payloads";

/**
 * The template webhooks, the quality update in every shape Meta has used (and an unknown event),
 * account alerts and ACCOUNT_OFFBOARDED, through the real webhook route.
 */
const T = Math.floor(Date.UTC(2026, 10, 20, 12) / 1000);

async function withTemplate() {
  const setup = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
  await getDb()
    .update(channels)
    .set({ templatesSyncedAt: new Date((T - 3600) * 1000) })
    .where(eq(channels.id, setup.channel.id));
  const [template] = await getDb()
    .insert(messageTemplates)
    .values({
      partnerId: setup.partner.id,
      wabaId: setup.ids.wabaId,
      metaTemplateId: `77${Math.floor(Math.random() * 1e9)}`,
      name: "order_update",
      language: "en_US",
      category: "UTILITY",
      status: "PENDING",
      components: [{ type: "BODY", text: "Your order {{1}} is on its way." }],
      lastChangeAt: new Date((T - 60) * 1000),
    })
    .returning();
  return { ...setup, template: template! };
}

async function templateRow(id: string) {
  const [row] = await getDb().select().from(messageTemplates).where(eq(messageTemplates.id, id));
  return row;
}

async function channelRow(id: string) {
  const [row] = await getDb().select().from(channels).where(eq(channels.id, id));
  return row!;
}

const statusUpdate = (
  template: { metaTemplateId: string; name: string },
  event: string,
  extra: Record<string, unknown> = {},
) => ({
  field: "message_template_status_update",
  value: {
    event,
    // Meta sends the id as a number.
    message_template_id: Number(template.metaTemplateId),
    message_template_name: template.name,
    message_template_language: "en_US",
    reason: "NONE",
    ...extra,
  },
});

const quality = (ids: ChannelIds, value: Record<string, unknown>) => ({
  field: "phone_number_quality_update",
  value: { display_phone_number: ids.displayPhoneNumber, ...value },
});

describe("template webhooks", () => {
  it("a status update applies to the hub's template; an older one arriving late changes nothing", async () => {
    const { template, ids, channel } = await withTemplate();
    await deliver(envelope(ids.wabaId, [statusUpdate(template, "APPROVED")], T));
    await deliver(
      envelope(
        ids.wabaId,
        [statusUpdate(template, "REJECTED", { reason: "INVALID_FORMAT" })],
        T - 30,
      ),
    );
    expect(await templateRow(template.id)).toMatchObject({
      status: "APPROVED",
      rejectionReason: null,
      lastChangeAt: new Date(T * 1000),
    });
    const events = await getDb()
      .select({ event: channelEvents.event, kind: channelEvents.kind })
      .from(channelEvents)
      .where(eq(channelEvents.channelId, channel.id));
    // Both are on the lifecycle, in whatever order they came.
    expect(events.map((e) => e.event).sort()).toEqual(["APPROVED", "REJECTED"]);
  });

  it("a rejection keeps Meta's reason; a pause is a warning on the channel with what to do", async () => {
    const { template, ids, channel, partner } = await withTemplate();
    await deliver(
      envelope(
        ids.wabaId,
        [statusUpdate(template, "REJECTED", { reason: "INCORRECT_CATEGORY" })],
        T,
      ),
    );
    expect(await templateRow(template.id)).toMatchObject({
      status: "REJECTED",
      rejectionReason: "INCORRECT_CATEGORY",
    });
    await deliver(
      envelope(
        ids.wabaId,
        [
          statusUpdate(template, "PAUSED", {
            other_info: { title: "FIRST_PAUSE", description: "Paused for 3 hours for low quality" },
          }),
        ],
        T + 10,
      ),
    );
    expect((await templateRow(template.id))?.status).toBe("PAUSED");
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    const paused = health.warnings.find((w) => w.id === "template_paused");
    expect(paused?.message).toContain("order_update (en_US, paused)");
  });

  it("a quality drop and a category change update the template and warn", async () => {
    const { template, ids, channel, partner } = await withTemplate();
    await deliver(
      envelope(
        ids.wabaId,
        [
          {
            field: "message_template_quality_update",
            value: {
              previous_quality_score: "GREEN",
              new_quality_score: "RED",
              message_template_id: Number(template.metaTemplateId),
              message_template_name: "order_update",
              message_template_language: "en_US",
            },
          },
          {
            field: "template_category_update",
            value: {
              message_template_id: Number(template.metaTemplateId),
              message_template_name: "order_update",
              message_template_language: "en_US",
              previous_category: "UTILITY",
              new_category: "MARKETING",
            },
          },
        ],
        T,
      ),
    );
    expect(await templateRow(template.id)).toMatchObject({
      qualityScore: "RED",
      category: "MARKETING",
      previousCategory: "UTILITY",
    });
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    const ids2 = health.warnings.map((w) => w.id);
    expect(ids2).toContain("template_quality");
    expect(ids2).toContain("template_category");
  });

  it("a template the hub does not know marks the WABA's list for a re-read; DELETED removes it", async () => {
    const { template, ids, channel } = await withTemplate();
    await deliver(
      envelope(
        ids.wabaId,
        [statusUpdate({ metaTemplateId: "999000111", name: "made_elsewhere" }, "APPROVED")],
        T,
      ),
    );
    expect((await channelRow(channel.id)).templatesSyncedAt).toBeNull();
    await deliver(envelope(ids.wabaId, [statusUpdate(template, "DELETED")], T + 5));
    expect(await templateRow(template.id)).toBeUndefined();
  });

  it("another partner's template with the same name is untouched", async () => {
    const mine = await withTemplate();
    const theirs = await withTemplate();
    await deliver(envelope(mine.ids.wabaId, [statusUpdate(mine.template, "APPROVED")], T));
    expect((await templateRow(theirs.template.id))?.status).toBe("PENDING");
  });
});

describe("phone_number_quality_update in every shape", () => {
  it("today's reference: ONBOARDING / THROUGHPUT_UPGRADE with max_daily_conversations_per_business sets the limit", async () => {
    const { ids, channel, partner } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    await deliver(
      envelope(
        ids.wabaId,
        [quality(ids, { event: "ONBOARDING", max_daily_conversations_per_business: "TIER_2K" })],
        T,
      ),
    );
    await deliver(
      envelope(
        ids.wabaId,
        [
          quality(ids, {
            event: "THROUGHPUT_UPGRADE",
            max_daily_conversations_per_business: "TIER_10K",
          }),
        ],
        T + 5,
      ),
    );
    expect((await channelRow(channel.id)).messagingLimit).toBe("TIER_10K");
    // Partners' software reads it on the channel resource too.
    const resource = toChannelResource(
      (await getChannelById(ownerScope(partner.id), { channelId: channel.id }))!,
    );
    expect(resource).toMatchObject({ messaging_limit: "TIER_10K" });
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    expect(health.warnings.map((w) => w.id)).not.toContain("number_flagged");
  });

  it("the older shape: FLAGGED warns, a DOWNGRADE names both limits, an older UPGRADE arriving late changes nothing", async () => {
    const { ids, channel, partner } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    await deliver(
      envelope(ids.wabaId, [quality(ids, { event: "FLAGGED", current_limit: "TIER_1K" })], T),
    );
    let health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    expect(health.warnings.find((w) => w.id === "number_flagged")?.message).toContain(
      "1,000 customers in 24 hours",
    );
    await deliver(
      envelope(
        ids.wabaId,
        [quality(ids, { event: "DOWNGRADE", current_limit: "TIER_250", old_limit: "TIER_1K" })],
        T + 100,
      ),
    );
    await deliver(
      envelope(
        ids.wabaId,
        [quality(ids, { event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_1K" })],
        T + 50,
      ),
    );
    expect((await channelRow(channel.id)).messagingLimit).toBe("TIER_250");
    health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 200) * 1000),
    });
    expect(health.warnings.find((w) => w.id === "number_downgraded")?.message).toContain(
      "from 1,000 customers in 24 hours to 250 customers in 24 hours",
    );
  });

  it("an unknown event is kept, processed and shown on the lifecycle, never dropped", async () => {
    const { ids, channel, partner } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    await deliver(
      envelope(
        ids.wabaId,
        [quality(ids, { event: "LIMIT_REVIEW_STARTED", some_new_field: { x: 1 } })],
        T,
      ),
    );
    const [event] = await getDb()
      .select()
      .from(channelEvents)
      .where(
        and(eq(channelEvents.channelId, channel.id), eq(channelEvents.kind, "quality_update")),
      );
    expect(event).toMatchObject({
      event: "LIMIT_REVIEW_STARTED",
      payload: expect.objectContaining({ some_new_field: { x: 1 } }),
    });
    const [raw] = await getDb()
      .select({ outcome: webhookEvents.outcome })
      .from(webhookEvents)
      .where(eq(webhookEvents.channelId, channel.id));
    expect(raw?.outcome).toBe("processed");
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    expect(buildLifecycleTimeline(health.input).map((e) => e.title)).toContain(
      "Quality update: LIMIT_REVIEW_STARTED",
    );
  });
});

describe("account alerts and offboarding", () => {
  it("an active account alert is kept and warns with Meta's words", async () => {
    const { ids, channel, partner } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    await deliver(
      envelope(
        ids.wabaId,
        [
          {
            field: "account_alerts",
            value: {
              entity_type: "PHONE_NUMBER",
              entity_id: ids.phoneNumberId,
              alert_info: {
                alert_severity: "WARNING",
                alert_status: "ACTIVE",
                alert_type: "MESSAGING_LIMIT_REVIEW",
                alert_description: "Your messaging limit is being reviewed.",
              },
            },
          },
        ],
        T,
      ),
    );
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    expect(health.warnings.find((w) => w.id === "account_alert")).toMatchObject({
      severity: "warning",
      message: "Your messaging limit is being reviewed.",
    });
  });

  it("ACCOUNT_OFFBOARDED gives the channel the offboarded status, with its own wording", async () => {
    const { ids, channel, partner } = await channelWithPartner(
      `1555${Math.floor(Math.random() * 1e7)}`,
    );
    await deliver(envelope(ids.wabaId, [accountUpdate(ids, "ACCOUNT_OFFBOARDED")], T));
    expect((await channelRow(channel.id)).status).toBe("offboarded");
    const health = await evaluateChannel(ownerScope(partner.id), {
      channelId: channel.id,
      now: new Date((T + 60) * 1000),
    });
    expect(health.warnings[0]).toMatchObject({ id: "disconnected", title: "Number offboarded" });
    expect(health.warnings[0]?.message).toContain("Unlike a disconnection");
  });
});
