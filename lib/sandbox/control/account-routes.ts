import "server-only";
import { z } from "zod";
import type { SandboxFaults, SandboxNumber } from "@/db/schema";
import { disconnectionReasons } from "@/lib/meta/webhooks";
import { sandboxNow } from "../clock";
import { emitWebhooks } from "../deliveries";
import { getSandboxNumber } from "../numbers/store";
import { accountAlertChange, type Change, phoneQualityChange } from "../payloads";
import { simulateAccountEvent } from "../simulate/account-events";
import { simulateAppOpened } from "../simulate/inactivity";
import { type ControlRoute, route } from "./route";
import { faultsSchema } from "./schemas";

/**
 * The number's standing with Meta: disconnected, offboarded, reconnected, the app opened on the
 * primary phone, a quality or limit change, an alert.
 */

const disconnectSchema = z.object({
  reason: z.enum(disconnectionReasons).default("PRIMARY_INACTIVITY"),
  initiated_by: z.enum(["USER", "SYSTEM"]).default("SYSTEM"),
  faults: faultsSchema,
});

/** Offboard and reconnect carry nothing but faults. */
const faultsOnlySchema = z.object({ faults: faultsSchema });

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

/** Sends one change about the number as a webhook and answers it, for the caller to see. */
async function sendChange(
  number: SandboxNumber,
  change: Change,
  faults: SandboxFaults | undefined,
) {
  await emitWebhooks(number, [change], { at: await sandboxNow(), faults });
  return Response.json({ sent: change });
}

/** Offboard and reconnect: the event alone, with optional faults. */
function accountEventRoute(
  action: "offboard" | "reconnect",
  event: "ACCOUNT_OFFBOARDED" | "ACCOUNT_RECONNECTED",
): ControlRoute {
  return route({
    method: "POST",
    path: `numbers/:id/${action}`,
    body: faultsOnlySchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) =>
      Response.json(await simulateAccountEvent(id, event, undefined, body.faults)),
  });
}

export const accountRoutes: ControlRoute[] = [
  route({
    method: "POST",
    path: "numbers/:id/disconnect",
    body: disconnectSchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) =>
      Response.json(
        await simulateAccountEvent(
          id,
          "PARTNER_REMOVED",
          { reason: body.reason, initiatedBy: body.initiated_by },
          body.faults,
        ),
      ),
  }),
  accountEventRoute("offboard", "ACCOUNT_OFFBOARDED"),
  accountEventRoute("reconnect", "ACCOUNT_RECONNECTED"),
  route({
    method: "POST",
    path: "numbers/:id/app-open",
    handle: async ({ id }) => Response.json(await simulateAppOpened(id)),
  }),
  route({
    method: "POST",
    path: "numbers/:id/quality",
    body: phoneQualitySchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) => {
      const number = await getSandboxNumber(id);
      const change = phoneQualityChange(number, {
        event: body.event,
        currentLimit: body.current_limit,
        oldLimit: body.old_limit,
        shape: body.shape,
      });
      return sendChange(number, change, body.faults);
    },
  }),
  route({
    method: "POST",
    path: "numbers/:id/alert",
    body: alertSchema,
    emptyBodyAllowed: true,
    handle: async ({ id, body }) => {
      const number = await getSandboxNumber(id);
      return sendChange(number, accountAlertChange(number, body), body.faults);
    },
  }),
];
