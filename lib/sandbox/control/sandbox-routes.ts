import "server-only";
import { z } from "zod";
import { getClockOffsetMs, moveClock, sandboxNow } from "../clock";
import { listDeliveries } from "../deliveries";
import { completeSandboxSignup } from "../numbers/signup-codes";
import { resetSandbox } from "../reset";
import { applyInactivityRule } from "../simulate/inactivity";
import { type ControlRoute, route } from "./route";

/** The sandbox as a whole: finishing signup on a phone, its clock, its webhook log, a reset. */

const signupSchema = z.object({
  phone_number_id: z.string().min(1),
  share_history: z.boolean().optional(),
});

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

const deliveriesQuery = z.object({
  phone_number_id: z.string().optional(),
  waba_id: z.string().optional(),
  field: z.string().optional(),
  after_id: z.coerce.number().int().nonnegative().optional(),
  status: z.enum(["pending", "sending", "delivered", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Reset takes no fields, but a body that is there must still be JSON. */
const emptyBody = z.object({}).loose();

async function clockView() {
  return {
    now: (await sandboxNow()).toISOString(),
    offset_seconds: (await getClockOffsetMs()) / 1000,
  };
}

export const sandboxRoutes: ControlRoute[] = [
  route({
    method: "POST",
    path: "signup",
    body: signupSchema,
    handle: async ({ body }) =>
      Response.json(
        await completeSandboxSignup({
          phoneNumberId: body.phone_number_id,
          shareHistory: body.share_history,
        }),
        { status: 201 },
      ),
  }),
  route({
    method: "GET",
    path: "clock",
    handle: async () => Response.json(await clockView()),
  }),
  route({
    method: "POST",
    path: "clock",
    body: clockSchema,
    handle: async ({ body }) => {
      await moveClock({
        advanceSeconds: body.advance_seconds,
        offsetSeconds: body.offset_seconds,
        reset: body.reset,
      });
      // Moving time applies the time-based rules (14 days without the app: disconnected).
      const disconnected = await applyInactivityRule();
      return Response.json({ ...(await clockView()), disconnected });
    },
  }),
  route({
    method: "POST",
    path: "reset",
    body: emptyBody,
    emptyBodyAllowed: true,
    handle: async () => {
      await resetSandbox();
      return Response.json({ ok: true });
    },
  }),
  route({
    method: "GET",
    path: "deliveries",
    handle: async ({ url }) => {
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
    },
  }),
];
