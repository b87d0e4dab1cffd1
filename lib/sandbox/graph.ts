import "server-only";
import { randomBytes } from "node:crypto";
import { and, count, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import {
  type SandboxNumber,
  type SandboxTemplate,
  sandboxMessages,
  sandboxNumbers,
  sandboxSyncRequests,
} from "@/db/schema";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { templateDefinitionSchema } from "@/lib/templates/definition";
import { sandboxNow } from "./clock";
import { ensureCustomers, identityOf } from "./customers";
import { emitWebhooks } from "./deliveries";
import { generateHistoryMessages, mediaFollowUps, planHistoryChunks } from "./history";
import {
  findReadableMedia,
  mediaUrlResponse,
  recordSandboxMedia,
  sandboxMediaSha256,
} from "./media";
import { redeemSandboxCode, wabaOfToken } from "./numbers/signup-codes";
import {
  findSandboxNumber,
  findSandboxNumberByWaba,
  lastInboundAt,
  listSandboxContacts,
} from "./numbers/store";
import {
  type Change,
  historyChunkChange,
  historyDeclinedChange,
  historyMediaChange,
  type IdentityOf,
  pricingFor,
  stateSyncChange,
  statusChange,
} from "./payloads";
import { metaId, wamid } from "./random";
import { bsuidNotSupported, sendContact, sendRecipient, statusRecipient } from "./send-recipient";
import {
  createSandboxTemplate,
  deleteSandboxTemplates,
  EDITABLE_STATUSES,
  editSandboxTemplate,
  effectiveStatus,
  findSandboxTemplate,
  findSendableTemplate,
  listSandboxTemplates,
  templateView,
} from "./templates";

/**
 * The Graph API look-alike: `(Request) => Response` for /sandbox/graph/{version}/..., with
 * Meta's response and error shapes and Meta's rules. Mounted by app/sandbox/graph; tests serve
 * it with node:http.
 */

const DAY_MS = 86_400_000;
export const THROUGHPUT_PER_SECOND = 20;

export type MetaErrorInit = {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_data?: unknown;
  error_user_title?: string;
  error_user_msg?: string;
};

export function metaErrorResponse(status: number, error: MetaErrorInit, headers?: HeadersInit) {
  return Response.json(
    {
      error: {
        type: "OAuthException",
        ...error,
        fbtrace_id: `A${randomBytes(11).toString("base64url")}`,
      },
    },
    { status, headers: { "www-authenticate": 'OAuth "Facebook Platform"', ...headers } },
  );
}

const notFound = (id: string, method: string) =>
  metaErrorResponse(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });

const invalidParameter = (message: string, extra: Partial<MetaErrorInit> = {}) =>
  metaErrorResponse(400, { message: `(#100) ${message}`, code: 100, ...extra });

/** 404 for everything under /sandbox when the sandbox is off, as if it did not exist. */
export function sandboxDisabledResponse() {
  return new Response("Not Found", { status: 404 });
}

export async function handleGraphRequest(request: Request): Promise<Response> {
  if (!getEnv().sandbox) return sandboxDisabledResponse();
  const url = new URL(request.url);
  const marker = "/sandbox/graph/";
  const index = url.pathname.indexOf(marker);
  const segments = (index >= 0 ? url.pathname.slice(index + marker.length) : "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  const [version, ...rest] = segments;
  if (!version || !/^v\d+\.\d+$/.test(version)) {
    return invalidParameter(
      "Unknown path components: a Graph API version such as v25.0 comes first",
    );
  }
  try {
    return await route(request, url, rest);
  } catch (error) {
    getLogger().error({ err: error }, "sandbox graph failed");
    return metaErrorResponse(500, {
      message: "An unknown error has occurred.",
      type: "OAuthException",
      code: 1,
    });
  }
}

async function route(request: Request, url: URL, path: string[]): Promise<Response> {
  const method = request.method.toUpperCase();
  if (path[0] === "oauth" && path[1] === "access_token" && method === "GET") {
    return exchangeCode(url);
  }
  const [id, edge, ...more] = path;
  if (!id || more.length) return notFound(path.join("/"), method);

  const token = bearer(request) ?? url.searchParams.get("access_token") ?? undefined;
  if (!token) {
    return metaErrorResponse(400, {
      message: "An active access token must be used to query information about the current user.",
      code: 2500,
    });
  }
  const tokenWaba = await wabaOfToken(token);
  if (!tokenWaba) {
    return metaErrorResponse(401, {
      message: "Invalid OAuth access token - Cannot parse access token",
      code: 190,
    });
  }

  // An id the token cannot see answers exactly like an id that does not exist (Meta does the same).
  const byWaba = id === tokenWaba ? await findSandboxNumberByWaba(id) : undefined;
  const byPhone = byWaba ? undefined : await findSandboxNumber(id);
  const phone = byPhone && byPhone.wabaId === tokenWaba ? byPhone : undefined;

  if (byWaba) {
    if (edge === "subscribed_apps" && method === "POST") return subscribeApp(request, byWaba);
    if (edge === "subscribed_apps" && method === "GET") {
      return Response.json({
        data: byWaba.subscribed
          ? [{ whatsapp_business_api_data: { id: getEnv().meta.appId, name: "Coex Hub" } }]
          : [],
      });
    }
    if (edge === "phone_numbers" && method === "GET") {
      return Response.json({
        data: [phoneNumberFields(byWaba)],
        paging: { cursors: { before: "QVFIUk", after: "QVFIUk" } },
      });
    }
    if (edge === "message_templates" && method === "GET") {
      const rows = await listSandboxTemplates(byWaba.wabaId, {
        name: url.searchParams.get("name") ?? undefined,
      });
      return Response.json({
        data: rows.map((row) => templateView(row)),
        paging: { cursors: { before: "MAZDZD", after: "MjQZD" } },
      });
    }
    if (edge === "message_templates" && method === "POST") {
      return createTemplate(request, byWaba);
    }
    if (edge === "message_templates" && method === "DELETE") {
      const name = url.searchParams.get("name");
      if (!name) return invalidParameter("Param name is required");
      const deleted = await deleteSandboxTemplates(
        byWaba,
        name,
        url.searchParams.get("hsm_id") ?? undefined,
      );
      if (deleted === 0) {
        return metaErrorResponse(400, {
          message: "(#100) Invalid parameter",
          code: 100,
          error_subcode: 2593002,
          error_user_title: "Message template not found",
          error_user_msg: `There is no message template named ${name} on this account.`,
        } as MetaErrorInit);
      }
      return Response.json({ success: true });
    }
    if (!edge && method === "GET") {
      return Response.json({
        id: byWaba.wabaId,
        name: byWaba.businessName,
        currency: "USD",
        timezone_id: "1",
        message_template_namespace: `sbx_${byWaba.wabaId.slice(-6)}`,
      });
    }
    return notFound(`${id}/${edge}`, method);
  }
  if (phone) {
    if (!edge && method === "GET")
      return Response.json(selectFields(phoneNumberFields(phone), url));
    if (edge === "smb_app_data" && method === "POST") return requestSync(request, phone);
    if (edge === "messages" && method === "POST") return sendMessage(request, phone);
    return notFound(`${id}/${edge}`, method);
  }
  const template = phone ? undefined : await findSandboxTemplate(id);
  if (template && template.wabaId === tokenWaba && !edge) {
    if (method === "GET") return Response.json(templateView(template));
    if (method === "POST") return editTemplate(request, template);
  }
  if (!edge && method === "GET") {
    const readable = await findReadableMedia(id, tokenWaba);
    // Meta's optional check: the media must have come through this business number.
    const onNumber = url.searchParams.get("phone_number_id");
    if (readable && (!onNumber || onNumber === readable.media.phoneNumberId)) {
      return mediaUrlResponse(readable, url.origin);
    }
  }
  return notFound(id, method);
}

export function bearer(request: Request) {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

async function exchangeCode(url: URL) {
  const meta = getEnv().meta;
  const clientId = url.searchParams.get("client_id") ?? "";
  const clientSecret = url.searchParams.get("client_secret") ?? "";
  const code = url.searchParams.get("code") ?? "";
  if (!meta.appId || clientId !== meta.appId) {
    return metaErrorResponse(400, {
      message: "Error validating application. Invalid application ID.",
      code: 101,
    });
  }
  if (!meta.appSecret || !safeEqual(clientSecret, meta.appSecret)) {
    return metaErrorResponse(400, { message: "Error validating client secret.", code: 1 });
  }
  if (!code) return invalidParameter("Missing authorization code");
  const result = await redeemSandboxCode(code);
  if (!result.ok) {
    if (result.reason === "expired") {
      return metaErrorResponse(400, {
        message: "This authorization code has expired.",
        code: 100,
        error_subcode: 36007,
      });
    }
    if (result.reason === "used") {
      return metaErrorResponse(400, {
        message: "This authorization code has been used.",
        code: 100,
        error_subcode: 36009,
      });
    }
    return metaErrorResponse(400, {
      message: "Invalid verification code format.",
      code: 100,
      error_subcode: 36008,
    });
  }
  return Response.json({ access_token: result.accessToken, token_type: "bearer" });
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return {};
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function subscribeApp(request: Request, number: SandboxNumber) {
  const body = z
    .object({ override_callback_uri: z.url().optional(), verify_token: z.string().optional() })
    .safeParse(await readBody(request));
  if (!body.success) return invalidParameter("Invalid parameter");
  if (body.data.override_callback_uri && !body.data.verify_token) {
    return invalidParameter("verify_token is required with override_callback_uri");
  }
  await getDb()
    .update(sandboxNumbers)
    .set({
      subscribed: true,
      ...(body.data.override_callback_uri ? { webhookUrl: body.data.override_callback_uri } : {}),
    })
    .where(eq(sandboxNumbers.phoneNumberId, number.phoneNumberId));
  return Response.json({ success: true });
}

function phoneNumberFields(number: SandboxNumber) {
  const connected = number.status === "connected";
  return {
    id: number.phoneNumberId,
    display_phone_number: formatDisplay(number.displayPhoneNumber),
    verified_name: number.verifiedName,
    quality_rating: number.qualityRating,
    code_verification_status: "VERIFIED",
    name_status: "APPROVED",
    is_on_biz_app: connected,
    platform_type: connected ? "CLOUD_API" : "NOT_APPLICABLE",
    // Coexistence numbers are fixed at 20 messages per second, whatever the tier.
    throughput: { level: "STANDARD" },
    status: connected ? "CONNECTED" : number.status === "new" ? "PENDING" : "DISCONNECTED",
  };
}

/** Meta's Graph writes numbers for people: `+55 11 91234-5678`; we keep it simple: `+<digits>`. */
function formatDisplay(digits: string) {
  return `+${digits}`;
}

function selectFields(record: Record<string, unknown>, url: URL) {
  const fields = url.searchParams.get("fields");
  if (!fields)
    return {
      id: record.id,
      display_phone_number: record.display_phone_number,
      verified_name: record.verified_name,
      quality_rating: record.quality_rating,
    };
  const wanted = new Set(["id", ...fields.split(",").map((field) => field.trim())]);
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key)));
}

const syncBodySchema = z.object({
  messaging_product: z.literal("whatsapp"),
  sync_type: z.enum(["smb_app_state_sync", "history"]),
});

async function requestSync(request: Request, number: SandboxNumber) {
  const body = syncBodySchema.safeParse(await readBody(request));
  if (!body.success) {
    return invalidParameter("Param sync_type must be one of {smb_app_state_sync, history}");
  }
  const now = await sandboxNow();
  if (number.status !== "connected" || !number.onboardedAt) {
    return metaErrorResponse(400, {
      message:
        "(#100) The phone number is not onboarded to the Cloud API through the WhatsApp Business app.",
      code: 100,
    });
  }
  if (now.getTime() - number.onboardedAt.getTime() > DAY_MS) {
    return metaErrorResponse(400, {
      message: "(#100) Sync can only be requested within 24 hours of onboarding.",
      code: 100,
      error_data: { details: "Offboard and onboard the number again to sync once more." },
    });
  }
  const requestId = `sbx_${metaId()}`;
  const inserted = await getDb()
    .insert(sandboxSyncRequests)
    .values({
      requestId,
      phoneNumberId: number.phoneNumberId,
      syncType: body.data.sync_type,
      requestedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) {
    return metaErrorResponse(400, {
      message: `(#100) ${body.data.sync_type} sync was already requested for this phone number.`,
      code: 100,
    });
  }
  if (body.data.sync_type === "smb_app_state_sync") await emitContacts(number, now);
  else await emitHistory(number, now);
  return Response.json({ messaging_product: "whatsapp", request_id: requestId });
}

async function emitContacts(number: SandboxNumber, now: Date) {
  const contacts = await listSandboxContacts(number.phoneNumberId);
  const customers = await ensureCustomers(
    number,
    contacts.map((contact) => ({ waId: contact.waId, name: contact.fullName ?? undefined })),
  );
  const changes: Change[] = [];
  for (let i = 0; i < contacts.length; i += 50) {
    changes.push(
      stateSyncChange(
        number,
        contacts.slice(i, i + 50).map((contact) => ({
          action: "add" as const,
          who: identityOf(number, customers.get(contact.waId)!),
          firstName: contact.firstName ?? undefined,
          fullName: contact.fullName ?? undefined,
          at: now,
        })),
      ),
    );
  }
  await emitWebhooks(number, changes, { at: now });
}

async function emitHistory(number: SandboxNumber, now: Date) {
  if (!number.shareHistory) {
    await emitWebhooks(number, [{ ...historyDeclinedChange(number), delayMs: 300 }], { at: now });
    return;
  }
  const until = Math.floor(number.onboardedAt!.getTime() / 1000);
  const contacts = await listSandboxContacts(number.phoneNumberId);
  // Each thread names its customer as live traffic would: BSUID, and the number unless hidden.
  const customers = await ensureCustomers(
    number,
    contacts.map((contact) => ({ waId: contact.waId, name: contact.fullName ?? undefined })),
  );
  const who: IdentityOf = (waId) => identityOf(number, customers.get(waId)!);
  const messages = generateHistoryMessages({
    seed: number.phoneNumberId,
    businessNumber: number.displayPhoneNumber,
    contacts: contacts.map((contact) => ({
      waId: contact.waId,
      name: contact.fullName ?? undefined,
    })),
    days: number.historyDays,
    until,
    messagesPerDay: number.historyMessagesPerDay,
  });
  // Back to back, as Meta pushes a history (unless the number plays a slow Meta: spacing_ms).
  const backToBack = number.faults.spacing_ms === undefined;
  const changes: (Change & { delayMs?: number })[] = planHistoryChunks(
    messages,
    until,
    number.historyChunkSize,
  ).map((plan) => ({
    ...historyChunkChange(number, plan, who),
    ...(backToBack ? { delayMs: 0 } : {}),
  }));
  // The follow-ups' media is what GET /{media-id} serves afterwards, with the bytes' real hash.
  const media = mediaFollowUps(messages, until).map((m) => ({
    ...m,
    media: { ...m.media!, sha256: sandboxMediaSha256({ mediaId: m.media!.id, ...m.media! }) },
  }));
  await recordSandboxMedia(
    media.map((m) => ({
      mediaId: m.media.id,
      phoneNumberId: number.phoneNumberId,
      kind: m.media.kind,
      mimeType: m.media.mimeType,
      caption: m.media.caption,
      filename: m.media.filename,
      sentAt: new Date(m.timestamp * 1000),
    })),
  );
  for (let i = 0; i < media.length; i += 20) {
    changes.push({
      ...historyMediaChange(number, media.slice(i, i + 20), who),
      ...(backToBack ? { delayMs: 0 } : {}),
    });
  }
  await emitWebhooks(number, changes, { at: now });
}

const sendBodySchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  recipient_type: z.string().optional(),
  // A number (`to`) or, since BSUIDs, a BSUID or parent BSUID (`recipient`): `to` wins.
  to: z
    .string()
    .regex(/^\+?\d{6,16}$/)
    .optional(),
  recipient: z.string().min(1).optional(),
  type: z.string().default("text"),
  text: z.looseObject({ body: z.string().min(1).max(4096) }).optional(),
  template: z
    .looseObject({ name: z.string(), language: z.looseObject({ code: z.string() }) })
    .optional(),
});

async function sendMessage(request: Request, number: SandboxNumber) {
  const parsed = sendBodySchema.safeParse(await readBody(request));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return metaErrorResponse(400, {
      message: `(#100) Invalid parameter${issue ? `: ${issue.path.join(".")}` : ""}`,
      code: 100,
      type: "OAuthException",
    });
  }
  const body = parsed.data;
  if (number.status !== "connected") {
    return metaErrorResponse(400, {
      message: "(#133010) Account not registered",
      code: 133010,
      error_data: { details: "The phone number is not connected to the Cloud API." },
    });
  }
  const found = await sendRecipient(number, body);
  if ("error" in found) return metaErrorResponse(400, found.error);
  const { customer } = found;
  const to = customer.waId;
  const db = getDb();
  const now = await sandboxNow();
  let templateCategory: string | undefined;
  if (body.type === "template") {
    const template = await findSendableTemplate(
      number.wabaId,
      body.template?.name ?? "",
      body.template?.language.code ?? "",
    );
    const status = template ? effectiveStatus(template) : undefined;
    if (status === "PAUSED" || status === "DISABLED") {
      const paused = status === "PAUSED";
      return metaErrorResponse(400, {
        message: paused ? "(#132015) Template is Paused" : "(#132016) Template is Disabled",
        code: paused ? 132015 : 132016,
        error_data: {
          details: `Template ${template!.name} is ${status.toLowerCase()} because of low quality.`,
        },
      });
    }
    if (!template || status !== "APPROVED") {
      return metaErrorResponse(404, {
        message: "(#132001) Template name does not exist in the translation",
        code: 132001,
        error_data: {
          details: `template name (${body.template?.name ?? ""}) does not exist in ${body.template?.language.code ?? ""}`,
        },
      });
    }
    if (template.category === "AUTHENTICATION" && !found.byNumber) {
      return metaErrorResponse(400, bsuidNotSupported());
    }
    templateCategory = template.category;
  } else {
    // Free-form only inside the customer service window: 24 h from the customer's last message
    // received after onboarding. History and echoes never open it.
    const last = await lastInboundAt(number.phoneNumberId, to, number.onboardedAt ?? new Date(0));
    if (!last || now.getTime() - last.getTime() > DAY_MS) {
      return metaErrorResponse(400, {
        message: "(#131047) Re-engagement message",
        code: 131047,
        error_data: {
          details:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
      });
    }
    if (body.type === "text" && !body.text)
      return invalidParameter("Param text['body'] is required");
  }
  const id = wamid();
  const pricing = pricingFor({ templateCategory });
  const {
    messaging_product: _p,
    recipient_type: _r,
    to: _t,
    recipient: _recipient,
    ...content
  } = body;
  const [mine] = await db
    .insert(sandboxMessages)
    .values({
      wamid: id,
      phoneNumberId: number.phoneNumberId,
      waId: to,
      direction: "api",
      type: body.type,
      content,
      pricing,
      at: now,
      createdAt: new Date(),
    })
    .returning({ createdAt: sandboxMessages.createdAt });
  // Throughput: at most 20 sends per second on a coexistence number (real time). Insert first,
  // then count every send since a second before ours, later ones included: concurrent senders
  // may both be refused, never both admitted.
  const [ahead] = await db
    .select({ n: count() })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.phoneNumberId, number.phoneNumberId),
        eq(sandboxMessages.direction, "api"),
        gte(sandboxMessages.createdAt, new Date(mine!.createdAt.getTime() - 1000)),
      ),
    );
  if ((ahead?.n ?? 0) > THROUGHPUT_PER_SECOND) {
    await db.delete(sandboxMessages).where(eq(sandboxMessages.wamid, id));
    return metaErrorResponse(400, {
      message: "(#130429) Rate limit hit",
      code: 130429,
      error_data: { details: "Cloud API message throughput has been reached." },
    });
  }
  const at = (ms: number) => new Date(now.getTime() + ms);
  const recipient = statusRecipient(number, found);
  const callbackData =
    typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : null;
  // sent -> delivered -> read; pricing on sent and delivered (Meta puts it on one of delivered/read).
  await emitWebhooks(
    number,
    [
      {
        ...statusChange(number, {
          wamid: id,
          status: "sent",
          recipient,
          at: now,
          pricing,
          callbackData,
        }),
        delayMs: 100,
      },
      {
        ...statusChange(number, {
          wamid: id,
          status: "delivered",
          recipient,
          at: at(2000),
          pricing,
          callbackData,
        }),
        delayMs: 400,
      },
      // A number with auto_read off waits for the control API's `read` (the customer opens it).
      ...(number.autoRead
        ? [
            {
              ...statusChange(number, {
                wamid: id,
                status: "read",
                recipient,
                at: at(9000),
                callbackData,
              }),
              delayMs: 800,
            },
          ]
        : []),
    ],
    { at: now },
  );
  return Response.json({
    messaging_product: "whatsapp",
    contacts: [sendContact(found)],
    messages: [{ id, ...(body.type === "template" ? { message_status: "accepted" } : {}) }],
  });
}

async function createTemplate(request: Request, number: SandboxNumber) {
  const parsed = templateDefinitionSchema.safeParse(await readBody(request));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return metaErrorResponse(400, {
      message: "Invalid parameter",
      code: 100,
      error_subcode: 2388299,
      error_user_title: "Invalid template",
      error_user_msg: `${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    });
  }
  const created = await createSandboxTemplate(number, parsed.data);
  if (!created) {
    return metaErrorResponse(400, {
      message: "Invalid parameter",
      code: 100,
      error_subcode: 2388024,
      error_user_title: "Content in this language already exists",
      error_user_msg: `The template ${parsed.data.name} already has content in ${parsed.data.language}. Delete it or choose another name.`,
    });
  }
  return Response.json(created);
}

const editBodySchema = z.object({
  category: z.string().optional(),
  components: z.array(z.looseObject({ type: z.string() })).optional(),
});

async function editTemplate(request: Request, template: SandboxTemplate) {
  const body = editBodySchema.safeParse(await readBody(request));
  if (!body.success || (!body.data.category && !body.data.components)) {
    return invalidParameter("Give components or a category to change");
  }
  const status = effectiveStatus(template);
  if (!EDITABLE_STATUSES.includes(status)) {
    return metaErrorResponse(400, {
      message: "Invalid parameter",
      code: 100,
      error_subcode: 2388025,
      error_user_title: "Message template can't be edited",
      error_user_msg: `A template in status ${status} can't be edited. Wait for the review to finish.`,
    });
  }
  const number = await findSandboxNumberByWaba(template.wabaId);
  if (!number) return notFound(template.id, "POST");
  const result = await editSandboxTemplate(number, template, body.data);
  if (!result.ok) {
    return metaErrorResponse(400, {
      message: "Invalid parameter",
      code: 100,
      error_subcode: 2388299,
      error_user_title: "Invalid template",
      error_user_msg: result.problem,
    });
  }
  return Response.json({ success: true });
}
