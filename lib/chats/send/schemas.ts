import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { isBsuid } from "@/lib/meta/bsuid";
import { PARTNER_CALLBACK_DATA_MAX } from "./callback-data";

/**
 * The Cloud API message bodies the hub sends (composer and Messaging API), as Meta documents them
 * (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). Strict where a mistake
 * would only come back later as a failed message; loose (passthrough) where Meta has many
 * optional fields (interactive actions, template parameters). Pure: the composer may import it.
 */

/** `to` as people write it (`+55 11 91234-5678`, `5511912345678`) into Meta's wa_id (digits). */
export function normaliseWaId(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]{6,24}$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  // Possible, not valid: Meta decides whether a number is on WhatsApp; test numbers (+1 555...)
  // must pass.
  if (!parsed?.isPossible()) return null;
  return parsed.number.slice(1);
}

const phoneRecipient = z
  .string({ error: "to must be the customer's phone number" })
  .max(32)
  .transform((value, ctx) => {
    const waId = normaliseWaId(value);
    if (!waId) {
      ctx.addIssue({
        code: "custom",
        message: "Not a phone number: use the international format, e.g. +5511912345678.",
      });
      return z.NEVER;
    }
    return waId;
  });

/** A username-only customer is reached by BSUID (`recipient`), as the Cloud API takes it. */
const bsuidRecipient = z
  .string({ error: "recipient must be the customer's business-scoped user id" })
  .trim()
  .refine(isBsuid, "Not a business-scoped user id: e.g. BR.1502576394655843.");

const wamid = z.string().trim().min(1).max(256);

const text = z.strictObject({
  body: z.string().trim().min(1, "The text is empty.").max(4096),
  preview_url: z.boolean().optional(),
});

/** Media by Meta's media id or by a public link, exactly one of them. */
function media(extra: z.ZodRawShape = {}) {
  return z
    .strictObject({
      id: z.string().min(1).max(256).optional(),
      link: z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .optional(),
      ...extra,
    })
    .refine((m) => (m.id === undefined) !== (m.link === undefined), {
      message: "Give either id (uploaded media) or link (a public URL), not both.",
    });
}
const caption = z.string().max(1024).optional();

const templateParameter = z.looseObject({
  type: z.enum([
    "text",
    "currency",
    "date_time",
    "image",
    "document",
    "video",
    "location",
    "payload",
    "coupon_code",
    "action",
  ]),
  text: z.string().max(1024).optional(),
  parameter_name: z.string().max(100).optional(),
});

const templateComponent = z.looseObject({
  type: z.enum(["header", "body", "button", "footer", "carousel", "limited_time_offer"]),
  sub_type: z.string().optional(),
  index: z.union([z.number().int().min(0), z.string().regex(/^\d+$/)]).optional(),
  parameters: z.array(templateParameter).max(100).optional(),
});

const template = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[a-z0-9_]+$/, "Template names are lower case letters, digits and underscores."),
  language: z.looseObject({
    code: z.string().min(2).max(15),
    policy: z.literal("deterministic").optional(),
  }),
  components: z.array(templateComponent).max(20).optional(),
});

const location = z.strictObject({
  latitude: z.coerce.number().min(-90).max(90),
  longitude: z.coerce.number().min(-180).max(180),
  name: z.string().max(1000).optional(),
  address: z.string().max(1000).optional(),
});

const interactive = z.looseObject({
  type: z.enum([
    "button",
    "list",
    "cta_url",
    "product",
    "product_list",
    "catalog_message",
    "flow",
    "location_request_message",
    "address_message",
  ]),
  header: z.looseObject({ type: z.string() }).optional(),
  body: z.looseObject({ text: z.string().min(1).max(4096) }).optional(),
  footer: z.looseObject({ text: z.string().max(60) }).optional(),
  action: z.looseObject({}),
});

const reaction = z.strictObject({
  message_id: wamid,
  // An empty emoji removes the reaction (Meta).
  emoji: z.string().max(16),
});

const contactsPayload = z.array(z.looseObject({ name: z.looseObject({}) })).min(1);

const envelope = {
  messaging_product: z.literal("whatsapp").optional(),
  recipient_type: z.literal("individual").optional(),
  to: phoneRecipient.optional(),
  recipient: bsuidRecipient.optional(),
  context: z.strictObject({ message_id: wamid }).optional(),
  // Meta's 512 less the hub's own reference, sent before it (./callback-data.ts).
  biz_opaque_callback_data: z
    .string()
    .max(
      PARTNER_CALLBACK_DATA_MAX,
      `At most ${PARTNER_CALLBACK_DATA_MAX} characters: the hub adds its own message reference to Meta's 512.`,
    )
    .optional(),
  /** Price it and check it, send and store nothing. Also `?dry_run=true` on the Messaging API. */
  dry_run: z.boolean().optional(),
};

/** The Cloud API message bodies we accept, by `type` (the OpenAPI document shows this). */
export const sendBodyUnion = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ ...envelope, type: z.literal("text"), text }),
    z.strictObject({ ...envelope, type: z.literal("template"), template }),
    z.strictObject({ ...envelope, type: z.literal("image"), image: media({ caption }) }),
    z.strictObject({ ...envelope, type: z.literal("video"), video: media({ caption }) }),
    z.strictObject({ ...envelope, type: z.literal("audio"), audio: media() }),
    z.strictObject({ ...envelope, type: z.literal("sticker"), sticker: media() }),
    z.strictObject({
      ...envelope,
      type: z.literal("document"),
      document: media({ caption, filename: z.string().max(240).optional() }),
    }),
    z.strictObject({ ...envelope, type: z.literal("location"), location }),
    z.strictObject({ ...envelope, type: z.literal("interactive"), interactive }),
    z.strictObject({ ...envelope, type: z.literal("reaction"), reaction }),
    z.strictObject({ ...envelope, type: z.literal("contacts"), contacts: contactsPayload }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? "type must be one of text, template, image, video, audio, sticker, document, location, interactive, reaction, contacts."
        : undefined,
  },
);

export const sendBodySchema = z
  .preprocess(
    // Meta's default type is text.
    (value) =>
      value && typeof value === "object" && !Array.isArray(value) && !("type" in value)
        ? { ...value, type: "text" }
        : value,
    sendBodyUnion,
  )
  .superRefine((body, ctx) => {
    if (!body.to && !body.recipient) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message:
          "to is required: the customer's phone number (or recipient: their business-scoped user id).",
      });
    }
  })
  // As Meta does, `to` wins when both are given; from here on `to` is the customer's address.
  .transform((body) => ({ ...body, to: (body.to ?? body.recipient) as string }));

export type SendBody = z.infer<typeof sendBodySchema>;
export type SendType = SendBody["type"];

/** The body as Meta's sendMessage takes it: no envelope fields, no dry_run. */
export function outgoingPayload(body: SendBody): Record<string, unknown> & { type: string } {
  const {
    messaging_product: _p,
    recipient_type: _r,
    to: _to,
    recipient: _recipient,
    dry_run: _d,
    biz_opaque_callback_data: _b,
    ...message
  } = body;
  return message;
}

/** Zod issues as the one error shape's field errors: `{ "text.body": ["..."] }`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "body";
    out[path] = [...(out[path] ?? []), issue.message];
  }
  return out;
}
