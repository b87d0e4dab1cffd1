"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/action";
import { setPasswordUrl } from "@/lib/auth/password-tokens";
import { getEnv } from "@/lib/env";
import { sendTestEvent } from "@/lib/forwarding/test-event";
import { userActor } from "@/lib/partners/actor";
import { createPartnerApiKey, revokeApiKey } from "@/lib/partners/api-keys";
import {
  rotatePartnerSecret,
  setPartnerWebhookUrl,
  updatePartnerSettings,
} from "@/lib/partners/settings";
import {
  changeMemberRole,
  invitableRoles,
  inviteMember,
  reissueInvite,
  removeMember,
} from "@/lib/partners/users";

const owners = ["owner"] as const;
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true");
const httpUrl = z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }).max(2000);

const settingsSchema = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(100),
  logoUrl: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(httpUrl.nullable()),
  allowedRedirectUrls: z
    .string()
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .pipe(z.array(httpUrl).max(20, "At most 20 URLs")),
  requireSignedLinks: checkbox,
});

export const updateSettingsAction = authedAction(
  { name: "settings.update", schema: settingsSchema, roles: owners },
  async (input, caller) => {
    await updatePartnerSettings(caller.scope, { changes: input, actor: userActor(caller) });
    revalidatePath("/", "layout");
    return { saved: true };
  },
);

export const setWebhookUrlAction = authedAction(
  {
    name: "settings.webhook_url",
    schema: z.object({
      webhookUrl: z
        .string()
        .trim()
        .transform((value) => value || null)
        .pipe(httpUrl.nullable()),
    }),
    roles: owners,
  },
  async (input, caller) => {
    await setPartnerWebhookUrl(caller.scope, {
      webhookUrl: input.webhookUrl,
      actor: userActor(caller),
    });
    revalidatePath("/settings");
    return { webhookUrl: input.webhookUrl };
  },
);

export const rotateSecretAction = authedAction(
  { name: "settings.rotate_secret", schema: z.unknown(), roles: owners },
  async (_input, caller) => {
    const rotated = await rotatePartnerSecret(caller.scope, { actor: userActor(caller) });
    revalidatePath("/settings");
    return {
      secret: rotated.secret,
      previousSecretValidUntil: rotated.previousSecretValidUntil?.toISOString() ?? null,
    };
  },
);

export const createPartnerKeyAction = authedAction(
  {
    name: "api_keys.create_partner",
    schema: z.object({ name: z.string().trim().min(1, "Give the key a name").max(100) }),
    roles: owners,
  },
  async (input, caller) => {
    const created = await createPartnerApiKey(caller.scope, {
      name: input.name,
      actor: userActor(caller),
    });
    revalidatePath("/settings/api-keys");
    return { id: created.key.id, secret: created.secret, prefix: created.key.prefix };
  },
);

export const revokePartnerKeyAction = authedAction(
  { name: "api_keys.revoke_partner", schema: z.object({ keyId: z.uuid() }), roles: owners },
  async (input, caller) => {
    await revokeApiKey(caller.scope, {
      keyId: input.keyId,
      kind: "partner",
      actor: userActor(caller),
    });
    revalidatePath("/settings/api-keys");
    return { revoked: true };
  },
);

export const inviteMemberAction = authedAction(
  {
    name: "users.invite",
    schema: z.object({
      email: z.email("Enter an email address").max(200),
      name: z.string().trim().max(100).optional(),
      role: z.enum(invitableRoles),
    }),
    roles: owners,
  },
  async (input, caller) => {
    const invited = await inviteMember(caller.scope, { ...input, actor: userActor(caller) });
    revalidatePath("/settings/users");
    return {
      email: invited.member.email,
      setPasswordUrl: setPasswordUrl(getEnv().appUrl, invited.setPasswordToken),
    };
  },
);

export const reissueInviteAction = authedAction(
  { name: "users.reissue_invite", schema: z.object({ userId: z.uuid() }), roles: owners },
  async (input, caller) => {
    const reissued = await reissueInvite(caller.scope, {
      userId: input.userId,
      actor: userActor(caller),
    });
    return {
      email: reissued.email,
      setPasswordUrl: setPasswordUrl(getEnv().appUrl, reissued.setPasswordToken),
    };
  },
);

export const changeRoleAction = authedAction(
  {
    name: "users.change_role",
    schema: z.object({ userId: z.uuid(), role: z.enum(invitableRoles) }),
    roles: owners,
  },
  async (input, caller) => {
    await changeMemberRole(caller.scope, { ...input, actor: userActor(caller) });
    revalidatePath("/settings/users");
    return { changed: true };
  },
);

export const removeMemberAction = authedAction(
  { name: "users.remove", schema: z.object({ userId: z.uuid() }), roles: owners },
  async (input, caller) => {
    await removeMember(caller.scope, { userId: input.userId, actor: userActor(caller) });
    revalidatePath("/settings/users");
    return { removed: true };
  },
);

export const sendPartnerTestEventAction = authedAction(
  { name: "settings.partner_test_event", schema: z.unknown(), roles: owners },
  async (_input, caller) => {
    const outcome = await sendTestEvent(caller.scope, { actor: userActor(caller) });
    revalidatePath("/settings");
    return outcome;
  },
);
