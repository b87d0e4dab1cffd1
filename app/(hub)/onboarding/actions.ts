"use server";

import { z } from "zod";
import { authedAction } from "@/lib/action";
import { isClientScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { createClientOnboardingLink } from "@/lib/onboarding/client-links";
import { createOnboardingLink } from "@/lib/onboarding/partner-links";

const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const linkSchema = z.object({
  state: optional(z.string().max(500)),
  partner: optional(z.string().max(200)),
  email: optional(z.email()),
  name: optional(z.string().max(200)),
  number: optional(z.string().max(40)),
  redirect_url: optional(z.url()),
  sign: z.preprocess((value) => value === "on" || value === true, z.boolean()),
});

export const buildLinkAction = authedAction(
  { name: "onboarding.buildLink", schema: linkSchema },
  async (input, caller) => {
    const { sign, ...params } = input;
    return createOnboardingLink(caller.scope, { params, sign });
  },
);

/**
 * A client user's link to connect another number of its own (its client's id in the link, within
 * `max_channels`). Partner users build theirs with the builder above.
 */
export const buildClientLinkAction = authedAction(
  { name: "onboarding.buildClientLink", access: "portal", schema: z.object({}) },
  async (_input, caller) => {
    if (!isClientScope(caller.scope)) throw new AppError("not_found", "Not found.");
    return createClientOnboardingLink(caller.scope);
  },
);
