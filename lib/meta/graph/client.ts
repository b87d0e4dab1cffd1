import "server-only";
import { z } from "zod";
import { isBsuid } from "../bsuid";
import { type GraphOptions, graphConfig, graphRequest } from "./http";

/**
 * The Graph API calls the hub makes, each taking the business token and ids explicitly and
 * returning parsed, typed data. `graph` overrides the environment's base URL, version, timeouts
 * and retries (tests, or a partner-specific app).
 * Shapes: ../shared/spec/coexistence.md §1; developers.facebook.com/docs/whatsapp/cloud-api.
 */

// ---- Embedded Signup: code -> business token --------------------------------------------------

const accessTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

export type BusinessToken = { accessToken: string; tokenType?: string; expiresIn?: number };

/**
 * Exchanges the Embedded Signup code (valid once, for 30 seconds) for the business token.
 * Never retried: a second try with the same code can only fail, and would hide the first error.
 */
export async function exchangeCode({
  code,
  graph,
}: {
  code: string;
  graph?: GraphOptions;
}): Promise<BusinessToken> {
  const config = graphConfig(graph);
  if (!config.appId || !config.appSecret) {
    throw new Error("exchangeCode needs META_APP_ID and META_APP_SECRET");
  }
  const body = await graphRequest(
    {
      operation: "exchangeCode",
      method: "GET",
      path: "/oauth/access_token",
      query: { client_id: config.appId, client_secret: config.appSecret, code },
      schema: accessTokenSchema,
      retry: false,
    },
    graph,
  );
  return { accessToken: body.access_token, tokenType: body.token_type, expiresIn: body.expires_in };
}

// ---- Webhook subscription ---------------------------------------------------------------------

const successSchema = z.looseObject({ success: z.boolean() });

/** Subscribes the app to the WABA's webhooks, optionally to a WABA-specific callback URL. */
export async function subscribeApp({
  token,
  wabaId,
  overrideCallbackUri,
  verifyToken,
  graph,
}: {
  token: string;
  wabaId: string;
  overrideCallbackUri?: string;
  verifyToken?: string;
  graph?: GraphOptions;
}): Promise<{ success: boolean }> {
  const body =
    overrideCallbackUri !== undefined
      ? { override_callback_uri: overrideCallbackUri, verify_token: verifyToken }
      : undefined;
  const result = await graphRequest(
    {
      operation: "subscribeApp",
      method: "POST",
      path: `/${encodeURIComponent(wabaId)}/subscribed_apps`,
      token,
      body,
      schema: successSchema,
      // Subscribing twice leaves one subscription: safe to retry after a timeout.
      idempotent: true,
    },
    graph,
  );
  return { success: result.success };
}

// ---- Phone numbers ----------------------------------------------------------------------------

export const phoneNumberSchema = z.looseObject({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  is_on_biz_app: z.boolean().optional(),
  platform_type: z.string().optional(),
  throughput: z.looseObject({ level: z.string() }).optional(),
  status: z.string().optional(),
});
export type GraphPhoneNumber = z.infer<typeof phoneNumberSchema>;

export type PhoneNumber = {
  id: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  qualityRating?: string;
  /** true + platform CLOUD_API: coexistence is active. */
  isOnBizApp?: boolean;
  platformType?: string;
  throughputLevel?: string;
  status?: string;
};

export const PHONE_NUMBER_FIELDS = [
  "id",
  "display_phone_number",
  "verified_name",
  "quality_rating",
  "is_on_biz_app",
  "platform_type",
  "throughput",
  "status",
] as const;

function toPhoneNumber(raw: GraphPhoneNumber): PhoneNumber {
  return {
    id: raw.id,
    displayPhoneNumber: raw.display_phone_number,
    verifiedName: raw.verified_name,
    qualityRating: raw.quality_rating,
    isOnBizApp: raw.is_on_biz_app,
    platformType: raw.platform_type,
    throughputLevel: raw.throughput?.level,
    status: raw.status,
  };
}

export const pagingSchema = z
  .looseObject({
    cursors: z
      .looseObject({ before: z.string().optional(), after: z.string().optional() })
      .optional(),
    next: z.string().optional(),
  })
  .optional();

export async function listPhoneNumbers({
  token,
  wabaId,
  graph,
}: {
  token: string;
  wabaId: string;
  graph?: GraphOptions;
}): Promise<PhoneNumber[]> {
  const body = await graphRequest(
    {
      operation: "listPhoneNumbers",
      method: "GET",
      path: `/${encodeURIComponent(wabaId)}/phone_numbers`,
      query: { fields: PHONE_NUMBER_FIELDS.join(",") },
      token,
      schema: z.looseObject({ data: z.array(phoneNumberSchema), paging: pagingSchema }),
    },
    graph,
  );
  return body.data.map(toPhoneNumber);
}

export async function getPhoneNumber({
  token,
  phoneNumberId,
  graph,
}: {
  token: string;
  phoneNumberId: string;
  graph?: GraphOptions;
}): Promise<PhoneNumber> {
  const body = await graphRequest(
    {
      operation: "getPhoneNumber",
      method: "GET",
      path: `/${encodeURIComponent(phoneNumberId)}`,
      query: { fields: PHONE_NUMBER_FIELDS.join(",") },
      token,
      schema: phoneNumberSchema,
    },
    graph,
  );
  return toPhoneNumber(body);
}

// ---- Coexistence sync -------------------------------------------------------------------------

export const smbSyncTypes = ["smb_app_state_sync", "history"] as const;
export type SmbSyncType = (typeof smbSyncTypes)[number];

/**
 * Asks Meta to send the app's contacts (`smb_app_state_sync`) or chat history (`history`). Allowed
 * within 24 hours of onboarding, once per type; contacts first. The answer says nothing about
 * whether the business agreed to share history: that arrives as a webhook.
 */
export async function requestSmbAppDataSync({
  token,
  phoneNumberId,
  syncType,
  graph,
}: {
  token: string;
  phoneNumberId: string;
  syncType: SmbSyncType;
  graph?: GraphOptions;
}): Promise<{ requestId: string }> {
  const body = await graphRequest(
    {
      operation: "requestSmbAppDataSync",
      method: "POST",
      path: `/${encodeURIComponent(phoneNumberId)}/smb_app_data`,
      token,
      body: { messaging_product: "whatsapp", sync_type: syncType },
      schema: z.looseObject({ messaging_product: z.literal("whatsapp"), request_id: z.string() }),
    },
    graph,
  );
  return { requestId: body.request_id };
}

// ---- Messages ---------------------------------------------------------------------------------

/** A Cloud API send body without `messaging_product` / `to` (added here). Loose on purpose. */
export type OutgoingMessage =
  | {
      type: "text";
      text: { body: string; preview_url?: boolean };
      context?: { message_id: string };
    }
  | {
      type: "template";
      template: {
        name: string;
        language: { code: string };
        components?: Record<string, unknown>[];
      };
    }
  | {
      type: "image" | "video" | "audio" | "document" | "sticker";
      [key: string]: unknown;
    }
  | { type: "reaction"; reaction: { message_id: string; emoji: string } }
  | { type: "interactive" | "location" | "contacts"; [key: string]: unknown };

const sendResultSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  contacts: z
    .array(
      z.looseObject({
        input: z.string(),
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
      }),
    )
    .optional(),
  messages: z
    .array(z.looseObject({ id: z.string(), message_status: z.string().optional() }))
    .min(1),
});

export type SendResult = { wamid: string; waId?: string; messageStatus?: string };

/**
 * Sends one message through the Cloud API. 131047 outside the 24 h window, 130429 above 20/s.
 * Never retried once the request may have reached Meta (a timeout, a 5xx, a 429): the error's
 * `outcomeUnknown` tells the caller Meta may have sent it. `bizOpaqueCallbackData` comes back in
 * the message's status webhooks, which is how an unknown outcome is matched later.
 */
export async function sendMessage({
  token,
  phoneNumberId,
  to,
  message,
  bizOpaqueCallbackData,
  graph,
}: {
  token: string;
  phoneNumberId: string;
  /**
   * The customer: a number (digits, sent as `to`) or a BSUID (sent as `recipient`, how the Cloud
   * API reaches a username-only customer).
   */
  to: string;
  message: OutgoingMessage;
  bizOpaqueCallbackData?: string;
  graph?: GraphOptions;
}): Promise<SendResult> {
  const body = await graphRequest(
    {
      operation: "sendMessage",
      method: "POST",
      path: `/${encodeURIComponent(phoneNumberId)}/messages`,
      token,
      body: {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        ...(isBsuid(to) ? { recipient: to } : { to }),
        ...message,
        ...(bizOpaqueCallbackData ? { biz_opaque_callback_data: bizOpaqueCallbackData } : {}),
      },
      schema: sendResultSchema,
    },
    graph,
  );
  const sent = body.messages[0]!;
  return { wamid: sent.id, waId: body.contacts?.[0]?.wa_id, messageStatus: sent.message_status };
}
