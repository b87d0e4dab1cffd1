import "server-only";
import { z } from "zod";
import { simulateContactChange } from "../simulate/contact-change";
import { simulateEcho } from "../simulate/echo";
import { simulateInbound } from "../simulate/inbound";
import { numberChangeShapes, simulateNumberChange } from "../simulate/number-change";
import { simulateRead } from "../simulate/read";
import { type ControlRoute, route } from "./route";
import { bsuid, customerRef, digits, faultsSchema } from "./schemas";

/**
 * What happens between a number and its customers on the phones: a customer writes, the business
 * answers in the app, a customer reads, changes number, the address book changes.
 */

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

export const customerEventRoutes: ControlRoute[] = [
  route({
    method: "POST",
    path: "numbers/:id/inbound",
    body: inboundSchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateInbound(id, {
          type: body.type,
          from: body.from,
          name: body.name,
          text: body.text,
          caption: body.caption,
          filename: body.filename,
          replyTo: body.reply_to,
          messageId: body.message_id,
          emoji: body.emoji,
          buttonId: body.button_id,
          buttonTitle: body.button_title,
          latitude: body.latitude,
          longitude: body.longitude,
          locationName: body.location_name,
          headline: body.headline,
          faults: body.faults,
        }),
        { status: 201 },
      ),
  }),
  route({
    method: "POST",
    path: "numbers/:id/echo",
    body: echoSchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateEcho(id, {
          type: body.type,
          to: body.to,
          text: body.text,
          caption: body.caption,
          originalMessageId: body.original_message_id,
          faults: body.faults,
        }),
        { status: 201 },
      ),
  }),
  route({
    method: "POST",
    path: "numbers/:id/read",
    body: readSchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateRead(id, {
          wamid: body.wamid,
          waId: body.wa_id ?? body.user_id,
          faults: body.faults,
        }),
      ),
  }),
  route({
    method: "POST",
    path: "numbers/:id/change-number",
    body: numberChangeSchema,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateNumberChange(id, {
          customer: (body.customer ?? body.wa_id ?? body.user_id)!,
          newWaId: body.new_wa_id,
          shape: body.shape,
          faults: body.faults,
        }),
      ),
  }),
  route({
    method: "POST",
    path: "numbers/:id/contacts",
    body: contactSchema,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateContactChange(id, {
          action: body.action,
          phoneNumber: body.phone_number,
          firstName: body.first_name,
          fullName: body.full_name,
          faults: body.faults,
        }),
        { status: 201 },
      ),
  }),
];
