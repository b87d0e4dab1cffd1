import "server-only";
import { z } from "zod";
import { isBsuid } from "@/lib/meta/bsuid";

/** Body parts several control endpoints share. */

/** How the webhooks of one simulated event misbehave (see docs/sandbox.md, faults). */
export const faultsSchema = z
  .object({
    duplicate: z.boolean().optional(),
    shuffle: z.boolean().optional(),
    batch: z.boolean().optional(),
    spacing_ms: z.number().int().min(0).max(10_000).optional(),
  })
  .optional();

export const digits = z.string().regex(/^\d{6,16}$/, "digits only, country code first");

export const bsuid = z.string().refine(isBsuid, "a BSUID such as BR.1502576394655843");

/** A customer, named by number (digits), BSUID (or parent BSUID) or @username. */
export const customerRef = z
  .string()
  .trim()
  .refine(
    (value) => /^\+?\d{6,16}$/.test(value) || isBsuid(value) || /^@[A-Za-z0-9._]+$/.test(value),
    "a number (digits), a BSUID (BR.1502576394655843) or an @username",
  );
