import "server-only";
import { z } from "zod";
import { readJson, withErrorHandling } from "@/lib/api/respond";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isBsuid } from "@/lib/meta/bsuid";
import { disconnectionReasons } from "@/lib/meta/webhooks";
import { getClockOffsetMs, moveClock, sandboxNow } from "./clock";
import { type CustomerListing, identityOf, listSandboxCustomers, saveCustomer } from "./customers";
import { emitWebhooks, listDeliveries } from "./deliveries";
import { sandboxDisabledResponse } from "./graph";
import { HISTORY_MAX_CHUNK_MESSAGES, HISTORY_MAX_MESSAGES_PER_DAY } from "./history";
import { completeSandboxSignup } from "./numbers/signup-codes";
import {
  createSandboxNumber,
  getSandboxNumber,
  getSandboxNumberByWaba,
  listSandboxContacts,
  listSandboxMessages,
  listSandboxNumbers,
  updateSandboxNumber,
} from "./numbers/store";
import { customerLabel } from "./parties";
import { accountAlertChange, phoneQualityChange } from "./payloads";
import { resetSandbox } from "./reset";
import { simulateAccountEvent } from "./simulate/account-events";
import { simulateContactChange } from "./simulate/contact-change";
import { simulateEcho } from "./simulate/echo";
import { applyInactivityRule, simulateAppOpened } from "./simulate/inactivity";
import { simulateInbound } from "./simulate/inbound";
import { numberChangeShapes, simulateNumberChange } from "./simulate/number-change";
import { simulateRead } from "./simulate/read";
import {
  findSandboxTemplate,
  listSandboxTemplates,
  setSandboxTemplateQuality,
  setSandboxTemplateStatus,
  setTemplateReviewDelayMs,
  templateReviewDelayMs,
  templateView,
} from "./templates";

/**
 * The sandbox's control API (/sandbox/api/...): what a person does on the simulated phone, as
 * JSON over HTTP. Used by the e2e suite, the Phone simulator page and the Embedded Signup popup.
 * Errors use the hub's error model (`{error:{code,message}}`), not Meta's: this is not Meta.
 */

const faultsSchema = z
  .object({
    duplicate: z.boolean().optional(),
    shuffle: z.boolean().optional(),
    batch: z.boolean().optional(),
    spacing_ms: z.number().int().min(0).max(10_000).optional(),
  })
  .optional();

/** Up to 20,000 contacts: a busy business (its history, with history_messages_per_day). */
const MAX_SANDBOX_CONTACTS = 20_000;
const historyVolume = {
  history_messages_per_day: z
    .number()
    .int()
    .min(1)
    .max(HISTORY_MAX_MESSAGES_PER_DAY)
    .nullable()
    .optional(),
  history_chunk_size: z.number().int().min(1).max(HISTORY_MAX_CHUNK_MESSAGES).optional(),
};

const createNumberSchema = z.object({
  country: z.string().length(2).optional(),
  display_name: z.string().min(1).max(80).optional(),
  contacts: z.number().int().min(0).max(MAX_SANDBOX_CONTACTS).optional(),
  history_days: z.number().int().min(0).max(180).optional(),
  ...historyVolume,
  share_history: z.boolean().optional(),
  eligible: z.boolean().optional(),
  webhook_url: z.url().optional(),
  faults: faultsSchema,
  auto_read: z.boolean().optional(),
  parent_bsuids: z.boolean().optional(),
});

const patchNumberSchema = z.object({
  share_history: z.boolean().optional(),
  eligible: z.boolean().optional(),
  webhook_url: z.url().nullable().optional(),
  history_days: z.number().int().min(0).max(180).optional(),
  ...historyVolume,
  faults: faultsSchema,
  auto_read: z.boolean().optional(),
  parent_bsuids: z.boolean().optional(),
});

const digits = z.string().regex(/^\d{6,16}$/, "digits only, country code first");
const bsuid = z.string().refine(isBsuid, "a BSUID such as BR.1502576394655843");
/** A customer, named by number (digits), BSUID (or parent BSUID) or @username. */
const customerRef = z
  .string()
  .trim()
  .refine(
    (value) => /^\+?\d{6,16}$/.test(value) || isBsuid(value) || /^@[A-Za-z0-9._]+$/.test(value),
    "a number (digits), a BSUID (BR.1502576394655843) or an @username",
  );

const inboundSchema = z.object({
  type: z
    .enum([
      "text",
      "image",
      "document",
      "sticker",
      "audio",
      "location",
      "reply",
      "reaction",
      "button",
      "referral",
    ])
    .default("text"),
  from: customerRef.optional(),
  name: z.string().optional(),
  text: z.string().min(1).max(4096).optional(),
  caption: z.string().max(1024).optional(),
  filename: z.string().min(1).max(240).optional(),
  reply_to: z.string().optional(),
  message_id: z.string().optional(),
  emoji: z.string().optional(),
  button_id: z.string().optional(),
  button_title: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  location_name: z.string().optional(),
  headline: z.string().optional(),
  faults: faultsSchema,
});

const echoSchema = z.object({
  type: z.enum(["text", "image", "edit", "revoke"]).default("text"),
  to: customerRef.optional(),
  text: z.string().min(1).max(4096).optional(),
  caption: z.string().optional(),
  original_message_id: z.string().optional(),
  faults: faultsSchema,
});

const readSchema = z.object({
  wamid: z.string().min(1).optional(),
  wa_id: customerRef.optional(),
  user_id: bsuid.optional(),
  faults: faultsSchema,
});

const customerSchema = z.object({
  wa_id: digits.optional(),
  name: z.string().min(1).max(80).optional(),
  username: z.string().min(1).max(40).nullable().optional(),
  hide_number: z.boolean().optional(),
});

const numberChangeSchema = z
  .object({
    customer: customerRef.optional(),
    wa_id: digits.optional(),
    user_id: bsuid.optional(),
    new_wa_id: digits.optional(),
    shape: z.enum(numberChangeShapes).default("system"),
    faults: faultsSchema,
  })
  .refine((value) => value.customer || value.wa_id || value.user_id, {
    message: "name the customer: customer, wa_id or user_id",
  });

const contactSchema = z.object({
  action: z.enum(["add", "edit", "remove"]),
  phone_number: digits,
  first_name: z.string().optional(),
  full_name: z.string().optional(),
  faults: faultsSchema,
});

const disconnectSchema = z.object({
  reason: z.enum(disconnectionReasons).default("PRIMARY_INACTIVITY"),
  initiated_by: z.enum(["USER", "SYSTEM"]).default("SYSTEM"),
  faults: faultsSchema,
});

const phoneQualitySchema = z.object({
  event: z.string().min(1).default("DOWNGRADE"),
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
  shape: z.enum(["current", "legacy"]).default("legacy"),
  faults: faultsSchema,
});

const alertSchema = z.object({
  severity: z.string().default("CRITICAL"),
  type: z.string().default("OBA_APPROVED"),
  description: z.string().default("An alert about this number."),
  status: z.string().optional(),
  faults: faultsSchema,
});

const templateStatusSchema = z.object({
  event: z.string().regex(/^[A-Z_]+$/),
  reason: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
});

const templateQualitySchema = z.object({ quality: z.string().regex(/^[A-Z_]+$/) });

const templateSettingsSchema = z.object({ review_delay_ms: z.number().int().min(0).max(600_000) });

const clockSchema = z
  .object({
    advance_seconds: z.number().optional(),
    offset_seconds: z.number().optional(),
    reset: z.boolean().optional(),
  })
  .refine(
    (value) =>
      value.advance_seconds !== undefined || value.offset_seconds !== undefined || value.reset,
    {
      message: "give advance_seconds, offset_seconds or reset",
    },
  );

const signupSchema = z.object({
  phone_number_id: z.string().min(1),
  share_history: z.boolean().optional(),
});

const deliveriesQuery = z.object({
  phone_number_id: z.string().optional(),
  waba_id: z.string().optional(),
  field: z.string().optional(),
  after_id: z.coerce.number().int().nonnegative().optional(),
  status: z.enum(["pending", "sending", "delivered", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const emptyBody = z.object({}).loose();

async function optionalJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await request.clone().text();
  if (!text.trim()) return schema.parse({});
  return readJson(request, schema);
}

function numberView(number: Awaited<ReturnType<typeof getSandboxNumber>>) {
  return {
    phone_number_id: number.phoneNumberId,
    waba_id: number.wabaId,
    business_id: number.businessId,
    business_name: number.businessName,
    display_phone_number: number.displayPhoneNumber,
    country: number.countryCode,
    verified_name: number.verifiedName,
    status: number.status,
    eligible: number.eligible,
    share_history: number.shareHistory,
    history_days: number.historyDays,
    history_messages_per_day: number.historyMessagesPerDay,
    history_chunk_size: number.historyChunkSize,
    onboarded_at: number.onboardedAt?.toISOString() ?? null,
    last_app_activity_at: number.lastAppActivityAt?.toISOString() ?? null,
    subscribed: number.subscribed,
    webhook_url: number.webhookUrl ?? getEnv().sandboxWebhookUrl,
    faults: number.faults,
    auto_read: number.autoRead,
    parent_bsuids: number.parentBsuids,
  };
}

function customerView(who: CustomerListing) {
  return {
    wa_id: who.waId,
    user_id: who.userId,
    parent_user_id: who.parentUserId ?? null,
    username: who.username ?? null,
    hide_number: who.hideNumber,
    name: who.name ?? null,
    address_book_name: who.addressBookName ?? null,
    label: customerLabel(who),
  };
}

async function clockView() {
  return {
    now: (await sandboxNow()).toISOString(),
    offset_seconds: (await getClockOffsetMs()) / 1000,
  };
}

const handle = withErrorHandling("sandbox control", async (request: Request) => {
  const url = new URL(request.url);
  const marker = "/sandbox/api/";
  const index = url.pathname.indexOf(marker);
  const path = (index >= 0 ? url.pathname.slice(index + marker.length) : "")
    .split("/")
    .filter(Boolean);
  const method = request.method.toUpperCase();
  const [resource, id, action] = path;

  if (resource === "numbers" && !id) {
    if (method === "GET")
      return Response.json({ data: (await listSandboxNumbers()).map(numberView) });
    if (method === "POST") {
      const body = await optionalJson(request, createNumberSchema);
      const number = await createSandboxNumber({
        country: body.country,
        displayName: body.display_name,
        contacts: body.contacts,
        historyDays: body.history_days,
        historyMessagesPerDay: body.history_messages_per_day ?? undefined,
        historyChunkSize: body.history_chunk_size,
        shareHistory: body.share_history,
        eligible: body.eligible,
        webhookUrl: body.webhook_url,
        faults: body.faults,
        autoRead: body.auto_read,
        parentBsuids: body.parent_bsuids,
      });
      return Response.json(numberView(number), { status: 201 });
    }
  }
  if (resource === "numbers" && id && !action) {
    if (method === "GET") {
      const number = await getSandboxNumber(id);
      const [contacts, messages, customers] = await Promise.all([
        listSandboxContacts(id),
        listSandboxMessages(id),
        listSandboxCustomers(number),
      ]);
      const byNumber = new Map(customers.map((who) => [who.waId, who]));
      return Response.json({
        ...numberView(number),
        contacts: contacts.map((c) => ({
          wa_id: c.waId,
          first_name: c.firstName,
          full_name: c.fullName,
        })),
        customers: customers.map(customerView),
        messages: messages.map((m) => ({
          wamid: m.wamid,
          wa_id: m.waId,
          user_id: byNumber.get(m.waId)?.userId ?? null,
          customer: byNumber.has(m.waId) ? customerLabel(byNumber.get(m.waId)!) : m.waId,
          direction: m.direction,
          type: m.type,
          content: m.content,
          pricing: m.pricing,
          at: m.at.toISOString(),
        })),
      });
    }
    if (method === "PATCH") {
      const body = await readJson(request, patchNumberSchema);
      const number = await updateSandboxNumber(id, {
        shareHistory: body.share_history,
        eligible: body.eligible,
        webhookUrl: body.webhook_url,
        historyDays: body.history_days,
        historyMessagesPerDay: body.history_messages_per_day,
        historyChunkSize: body.history_chunk_size,
        faults: body.faults,
        autoRead: body.auto_read,
        parentBsuids: body.parent_bsuids,
      });
      return Response.json(numberView(number));
    }
  }
  if (resource === "numbers" && id && action && method === "POST") {
    switch (action) {
      case "inbound": {
        const b = await optionalJson(request, inboundSchema);
        return Response.json(
          await simulateInbound(id, {
            type: b.type,
            from: b.from,
            name: b.name,
            text: b.text,
            caption: b.caption,
            filename: b.filename,
            replyTo: b.reply_to,
            messageId: b.message_id,
            emoji: b.emoji,
            buttonId: b.button_id,
            buttonTitle: b.button_title,
            latitude: b.latitude,
            longitude: b.longitude,
            locationName: b.location_name,
            headline: b.headline,
            faults: b.faults,
          }),
          { status: 201 },
        );
      }
      case "echo": {
        const b = await optionalJson(request, echoSchema);
        return Response.json(
          await simulateEcho(id, {
            type: b.type,
            to: b.to,
            text: b.text,
            caption: b.caption,
            originalMessageId: b.original_message_id,
            faults: b.faults,
          }),
          { status: 201 },
        );
      }
      case "read": {
        const b = await optionalJson(request, readSchema);
        return Response.json(
          await simulateRead(id, {
            wamid: b.wamid,
            waId: b.wa_id ?? b.user_id,
            faults: b.faults,
          }),
        );
      }
      case "customers": {
        const b = await readJson(request, customerSchema);
        const number = await getSandboxNumber(id);
        const saved = await saveCustomer(number, {
          waId: b.wa_id,
          name: b.name,
          username: b.username,
          hideNumber: b.hide_number,
        });
        return Response.json(customerView(identityOf(number, saved)), { status: 201 });
      }
      case "change-number": {
        const b = await readJson(request, numberChangeSchema);
        return Response.json(
          await simulateNumberChange(id, {
            customer: (b.customer ?? b.wa_id ?? b.user_id)!,
            newWaId: b.new_wa_id,
            shape: b.shape,
            faults: b.faults,
          }),
        );
      }
      case "contacts": {
        const b = await readJson(request, contactSchema);
        return Response.json(
          await simulateContactChange(id, {
            action: b.action,
            phoneNumber: b.phone_number,
            firstName: b.first_name,
            fullName: b.full_name,
            faults: b.faults,
          }),
          { status: 201 },
        );
      }
      case "disconnect": {
        const b = await optionalJson(request, disconnectSchema);
        return Response.json(
          await simulateAccountEvent(
            id,
            "PARTNER_REMOVED",
            { reason: b.reason, initiatedBy: b.initiated_by },
            b.faults,
          ),
        );
      }
      case "offboard": {
        const b = await optionalJson(request, z.object({ faults: faultsSchema }));
        return Response.json(
          await simulateAccountEvent(id, "ACCOUNT_OFFBOARDED", undefined, b.faults),
        );
      }
      case "app-open":
        return Response.json(await simulateAppOpened(id));
      case "quality": {
        const b = await optionalJson(request, phoneQualitySchema);
        const number = await getSandboxNumber(id);
        const change = phoneQualityChange(number, {
          event: b.event,
          currentLimit: b.current_limit,
          oldLimit: b.old_limit,
          shape: b.shape,
        });
        await emitWebhooks(number, [change], { at: await sandboxNow(), faults: b.faults });
        return Response.json({ sent: change });
      }
      case "alert": {
        const b = await optionalJson(request, alertSchema);
        const number = await getSandboxNumber(id);
        const change = accountAlertChange(number, b);
        await emitWebhooks(number, [change], { at: await sandboxNow(), faults: b.faults });
        return Response.json({ sent: change });
      }
      case "reconnect": {
        const b = await optionalJson(request, z.object({ faults: faultsSchema }));
        return Response.json(
          await simulateAccountEvent(id, "ACCOUNT_RECONNECTED", undefined, b.faults),
        );
      }
    }
  }
  if (resource === "templates") {
    if (!id && method === "GET") {
      const wabaId = url.searchParams.get("waba_id");
      if (!wabaId) throw new AppError("unprocessable", "Give waba_id.");
      return Response.json({
        data: (await listSandboxTemplates(wabaId)).map((row) => templateView(row)),
        review_delay_ms: await templateReviewDelayMs(),
      });
    }
    if (id === "settings" && !action && method === "POST") {
      const body = await readJson(request, templateSettingsSchema);
      await setTemplateReviewDelayMs(body.review_delay_ms);
      return Response.json({ review_delay_ms: body.review_delay_ms });
    }
    if (id && (action === "status" || action === "quality") && method === "POST") {
      const template = await findSandboxTemplate(id);
      if (!template) throw new AppError("not_found", `No sandbox template ${id}.`);
      const number = await getSandboxNumberByWaba(template.wabaId);
      if (action === "status") {
        const body = await readJson(request, templateStatusSchema);
        await setSandboxTemplateStatus(number, template, body.event, body);
      } else {
        const body = await readJson(request, templateQualitySchema);
        await setSandboxTemplateQuality(number, template, body.quality);
      }
      const updated = await findSandboxTemplate(id);
      return Response.json(templateView(updated!));
    }
  }
  if (resource === "signup" && !id && method === "POST") {
    const body = await readJson(request, signupSchema);
    return Response.json(
      await completeSandboxSignup({
        phoneNumberId: body.phone_number_id,
        shareHistory: body.share_history,
      }),
      { status: 201 },
    );
  }
  if (resource === "clock" && !id) {
    if (method === "GET") return Response.json(await clockView());
    if (method === "POST") {
      const body = await readJson(request, clockSchema);
      await moveClock({
        advanceSeconds: body.advance_seconds,
        offsetSeconds: body.offset_seconds,
        reset: body.reset,
      });
      // Moving time applies the time-based rules (14 days without the app: disconnected).
      const disconnected = await applyInactivityRule();
      return Response.json({ ...(await clockView()), disconnected });
    }
  }
  if (resource === "reset" && !id && method === "POST") {
    await optionalJson(request, emptyBody);
    await resetSandbox();
    return Response.json({ ok: true });
  }
  if (resource === "deliveries" && !id && method === "GET") {
    const query = deliveriesQuery.parse(Object.fromEntries(url.searchParams));
    return Response.json({
      data: await listDeliveries({
        phoneNumberId: query.phone_number_id,
        wabaId: query.waba_id,
        field: query.field,
        afterId: query.after_id,
        status: query.status,
        limit: query.limit,
      }),
    });
  }
  throw new AppError(
    "not_found",
    `No sandbox control endpoint ${method} /sandbox/api/${path.join("/")}.`,
  );
});

export async function handleControlRequest(request: Request): Promise<Response> {
  if (!getEnv().sandbox) return sandboxDisabledResponse();
  return handle(request);
}
