import "server-only";
import { z } from "zod";
import { identityOf, listSandboxCustomers, saveCustomer } from "../customers";
import { HISTORY_MAX_CHUNK_MESSAGES, HISTORY_MAX_MESSAGES_PER_DAY } from "../history";
import {
  createSandboxNumber,
  getSandboxNumber,
  listSandboxContacts,
  listSandboxMessages,
  listSandboxNumbers,
  updateSandboxNumber,
} from "../numbers/store";
import { customerLabel } from "../parties";
import { type ControlRoute, route } from "./route";
import { digits, faultsSchema } from "./schemas";
import { customerView, numberView } from "./views";

/** The simulated numbers themselves: list, create, look at, change; and their customers. */

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

const customerSchema = z.object({
  wa_id: digits.optional(),
  name: z.string().min(1).max(80).optional(),
  username: z.string().min(1).max(40).nullable().optional(),
  hide_number: z.boolean().optional(),
});

export const numberRoutes: ControlRoute[] = [
  route({
    method: "GET",
    path: "numbers",
    handle: async () => Response.json({ data: (await listSandboxNumbers()).map(numberView) }),
  }),
  route({
    method: "POST",
    path: "numbers",
    body: createNumberSchema,
    emptyBodyAllowed: true,
    handle: async ({ body }) => {
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
    },
  }),
  route({
    method: "GET",
    path: "numbers/:id",
    handle: async ({ id }) => {
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
    },
  }),
  route({
    method: "PATCH",
    path: "numbers/:id",
    body: patchNumberSchema,
    handle: async ({ id, body }) => {
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
    },
  }),
  route({
    method: "POST",
    path: "numbers/:id/customers",
    body: customerSchema,
    handle: async ({ id, body }) => {
      const number = await getSandboxNumber(id);
      const saved = await saveCustomer(number, {
        waId: body.wa_id,
        name: body.name,
        username: body.username,
        hideNumber: body.hide_number,
      });
      return Response.json(customerView(identityOf(number, saved)), { status: 201 });
    },
  }),
];
