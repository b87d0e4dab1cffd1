import "server-only";
import { eq } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { partners } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { decryptSecret, encryptSecret, randomToken } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertForwardingTarget, retargetPending } from "@/lib/forwarding/targets";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";

/** After a rotation the old secret keeps signing for a day, so partners can switch over. */
export const SECRET_GRACE_PERIOD_MS = 24 * 60 * 60 * 1000;

export type PartnerSettings = {
  id: string;
  name: string;
  slug: string;
  logoUrl: string | null;
  allowedRedirectUrls: string[];
  requireSignedLinks: boolean;
  webhookUrl: string | null;
  hasSecret: boolean;
  previousSecretExpiresAt: Date | null;
};

export async function getPartnerSettings(
  { partnerId }: PartnerScope,
  reader: Pick<Db, "select"> = getDb(),
): Promise<PartnerSettings> {
  const [row] = await reader.select().from(partners).where(eq(partners.id, partnerId));
  if (!row) throw new AppError("not_found", "Partner not found.");
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    logoUrl: row.logoUrl,
    allowedRedirectUrls: row.allowedRedirectUrls,
    requireSignedLinks: row.requireSignedLinks,
    webhookUrl: row.webhookUrl,
    hasSecret: Boolean(row.secretEncrypted),
    previousSecretExpiresAt:
      row.previousSecretEncrypted &&
      row.previousSecretExpiresAt &&
      row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt
        : null,
  };
}

export type SettingsChanges = {
  name: string;
  logoUrl: string | null;
  allowedRedirectUrls: string[];
  requireSignedLinks: boolean;
};

function settingsView(settings: PartnerSettings): SettingsChanges {
  return {
    name: settings.name,
    logoUrl: settings.logoUrl,
    allowedRedirectUrls: settings.allowedRedirectUrls,
    requireSignedLinks: settings.requireSignedLinks,
  };
}

export async function updatePartnerSettings(
  scope: PartnerScope,
  { changes, actor }: { changes: SettingsChanges; actor: Actor },
) {
  return getDb().transaction(async (tx) => {
    const { partnerId } = scope;
    const before = await getPartnerSettings(scope, tx);
    if (changes.requireSignedLinks && !before.hasSecret) {
      throw new AppError(
        "unprocessable",
        "Create a partner secret before requiring signed links.",
        {
          requireSignedLinks: ["needs a partner secret: rotate one first"],
        },
      );
    }
    await tx
      .update(partners)
      .set({
        name: changes.name,
        logoUrl: changes.logoUrl,
        allowedRedirectUrls: changes.allowedRedirectUrls,
        requireSignedLinks: changes.requireSignedLinks,
      })
      .where(eq(partners.id, partnerId));
    await recordAudit(
      {
        partnerId,
        actor,
        action: "partner.settings_updated",
        targetType: "partner",
        targetId: partnerId,
        before: settingsView(before),
        after: changes,
      },
      tx,
    );
    return { ...before, ...changes };
  });
}

export async function setPartnerWebhookUrl(
  { partnerId }: PartnerScope,
  { webhookUrl, actor }: { webhookUrl: string | null; actor: Actor },
) {
  if (webhookUrl !== null) await assertForwardingTarget(webhookUrl, { field: "webhook_url" });
  return getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ webhookUrl: partners.webhookUrl })
      .from(partners)
      .where(eq(partners.id, partnerId))
      .for("update");
    if (!before) throw new AppError("not_found", "Partner not found.");
    await tx.update(partners).set({ webhookUrl }).where(eq(partners.id, partnerId));
    await retargetPending(tx, { partnerId, channelId: null, url: webhookUrl });
    await recordAudit(
      {
        partnerId,
        actor,
        action: "partner.webhook_url_updated",
        targetType: "partner",
        targetId: partnerId,
        before: { webhookUrl: before.webhookUrl },
        after: { webhookUrl },
      },
      tx,
    );
    return { webhookUrl };
  });
}

/**
 * A new partner secret, returned in plaintext once. The previous one keeps signing until the
 * grace period ends; the audit log records the rotation, never a secret.
 */
export async function rotatePartnerSecret(
  { partnerId }: PartnerScope,
  { actor, now = new Date() }: { actor: Actor; now?: Date },
) {
  const key = getEnv().encryptionKey;
  const secret = `whsec_${randomToken(32)}`;
  return getDb().transaction(async (tx) => {
    const [current] = await tx
      .select({ secretEncrypted: partners.secretEncrypted })
      .from(partners)
      .where(eq(partners.id, partnerId))
      .for("update");
    if (!current) throw new AppError("not_found", "Partner not found.");
    const graceEndsAt = current.secretEncrypted
      ? new Date(now.getTime() + SECRET_GRACE_PERIOD_MS)
      : null;
    await tx
      .update(partners)
      .set({
        secretEncrypted: encryptSecret(secret, key),
        previousSecretEncrypted: current.secretEncrypted,
        previousSecretExpiresAt: graceEndsAt,
      })
      .where(eq(partners.id, partnerId));
    await recordAudit(
      {
        partnerId,
        actor,
        action: "partner.secret_rotated",
        targetType: "partner",
        targetId: partnerId,
        before: { hadSecret: Boolean(current.secretEncrypted) },
        after: { previousSecretValidUntil: graceEndsAt?.toISOString() ?? null },
      },
      tx,
    );
    return { secret, previousSecretValidUntil: graceEndsAt };
  });
}

/**
 * The secrets that sign now: the current one first, then the previous one during its grace. For
 * the forwarding worker and link signing (system paths): a bare partner id.
 */
export async function getSigningSecrets({
  partnerId,
  now = new Date(),
}: {
  partnerId: string;
  now?: Date;
}): Promise<string[]> {
  const [row] = await getDb()
    .select({
      current: partners.secretEncrypted,
      previous: partners.previousSecretEncrypted,
      previousExpiresAt: partners.previousSecretExpiresAt,
    })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!row?.current) return [];
  const key = getEnv().encryptionKey;
  const secrets = [decryptSecret(row.current, key)];
  if (row.previous && row.previousExpiresAt && row.previousExpiresAt > now) {
    secrets.push(decryptSecret(row.previous, key));
  }
  return secrets;
}
