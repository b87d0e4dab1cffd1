import "server-only";
import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { type ApiKeyKind, apiKeys, apiRateLimits, channels, users } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import {
  generateApiKeySecret,
  hashApiKey,
  looksLikeApiKey,
  rateLimitWindow,
} from "./api-key-secret";
import { recordAudit } from "./audit";

/** 360dialog allows one channel key creation per 30 seconds per channel; partners expect it. */
export const CHANNEL_KEY_COOLDOWN_MS = 30_000;

export type ApiKeySummary = {
  id: string;
  kind: ApiKeyKind;
  name: string;
  prefix: string;
  channelId: string | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The answer to a creation: the only time the secret leaves the hub. */
export type CreatedApiKey = { key: ApiKeySummary; secret: string };

const summaryColumns = {
  id: apiKeys.id,
  kind: apiKeys.kind,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  channelId: apiKeys.channelId,
  createdBy: users.email,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

function auditView(key: ApiKeySummary) {
  return { name: key.name, prefix: key.prefix, kind: key.kind, channelId: key.channelId };
}

export async function createPartnerApiKey(
  { partnerId }: PartnerScope,
  { name, actor }: { name: string; actor: Actor },
): Promise<CreatedApiKey> {
  const generated = generateApiKeySecret("partner");
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        partnerId,
        kind: "partner",
        name,
        prefix: generated.prefix,
        hash: generated.hash,
        createdByUserId: actor.type === "user" ? actor.id : null,
      })
      .returning();
    const key: ApiKeySummary = {
      ...row!,
      createdBy: actor.type === "user" ? actor.label : null,
    };
    await recordAudit(
      {
        partnerId,
        actor,
        action: "api_key.created",
        targetType: "api_key",
        targetId: key.id,
        after: auditView(key),
      },
      tx,
    );
    return { key, secret: generated.secret };
  });
}

/**
 * A channel's messaging key. The channel row is locked for the check so two concurrent requests
 * cannot both pass the 30-second rule.
 */
export async function createChannelApiKey(
  { partnerId }: PartnerScope,
  {
    channelId,
    name,
    actor,
    now = new Date(),
  }: { channelId: string; name?: string; actor: Actor; now?: Date },
): Promise<CreatedApiKey> {
  const generated = generateApiKeySecret("channel");
  return getDb().transaction(async (tx) => {
    const [channel] = await tx
      .select({ id: channels.id, number: channels.displayPhoneNumber })
      .from(channels)
      .where(and(eq(channels.partnerId, partnerId), eq(channels.id, channelId)))
      .for("update");
    if (!channel) throw new AppError("not_found", "Channel not found.");
    const [recent] = await tx
      .select({ value: count() })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.channelId, channelId),
          gte(apiKeys.createdAt, new Date(now.getTime() - CHANNEL_KEY_COOLDOWN_MS)),
        ),
      );
    if ((recent?.value ?? 0) > 0) {
      throw new AppError(
        "rate_limited",
        "A key was created for this channel less than 30 seconds ago. Wait and try again.",
      );
    }
    const [row] = await tx
      .insert(apiKeys)
      .values({
        partnerId,
        channelId,
        kind: "channel",
        name: name?.trim() || `Channel key +${channel.number}`,
        prefix: generated.prefix,
        hash: generated.hash,
        createdByUserId: actor.type === "user" ? actor.id : null,
        createdAt: now,
      })
      .returning();
    const key: ApiKeySummary = { ...row!, createdBy: actor.type === "user" ? actor.label : null };
    await recordAudit(
      {
        partnerId,
        actor,
        action: "api_key.created",
        targetType: "api_key",
        targetId: key.id,
        after: auditView(key),
      },
      tx,
    );
    return { key, secret: generated.secret };
  });
}

/** Keys of one kind (and one channel for channel keys), newest first; revoked ones included. */
export async function listApiKeys(
  { partnerId }: PartnerScope,
  {
    kind,
    channelId,
    revoked,
    limit = 100,
    offset = 0,
    ascending = false,
  }: {
    kind: ApiKeyKind;
    channelId?: string;
    revoked?: boolean;
    limit?: number;
    offset?: number;
    ascending?: boolean;
  },
): Promise<{ keys: ApiKeySummary[]; total: number }> {
  const db = getDb();
  const where = and(
    eq(apiKeys.partnerId, partnerId),
    eq(apiKeys.kind, kind),
    channelId ? eq(apiKeys.channelId, channelId) : undefined,
    revoked === undefined
      ? undefined
      : revoked
        ? isNotNull(apiKeys.revokedAt)
        : isNull(apiKeys.revokedAt),
  );
  const direction = ascending ? asc : desc;
  const [keys, [total]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
      .where(where)
      .orderBy(direction(apiKeys.createdAt), direction(apiKeys.id))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(apiKeys).where(where),
  ]);
  return { keys, total: total?.value ?? 0 };
}

/**
 * Revokes a key of the partner's (and of the channel, when given). Revoking twice is a no-op that
 * still answers with the key; a foreign or unknown id is a 404.
 */
export async function revokeApiKey(
  { partnerId }: PartnerScope,
  {
    keyId,
    channelId,
    kind,
    actor,
  }: { keyId: string; channelId?: string; kind?: ApiKeyKind; actor: Actor },
): Promise<ApiKeySummary> {
  return getDb().transaction(async (tx) => {
    const [existing] = await tx
      .select(summaryColumns)
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
      .where(
        and(
          eq(apiKeys.partnerId, partnerId),
          eq(apiKeys.id, keyId),
          channelId ? eq(apiKeys.channelId, channelId) : undefined,
          kind ? eq(apiKeys.kind, kind) : undefined,
        ),
      );
    if (!existing) throw new AppError("not_found", "API key not found.");
    if (existing.revokedAt) return existing;
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.partnerId, partnerId), eq(apiKeys.id, keyId)))
      .returning({ revokedAt: apiKeys.revokedAt });
    const key = { ...existing, revokedAt: updated!.revokedAt };
    await recordAudit(
      {
        partnerId,
        actor,
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: keyId,
        before: { ...auditView(existing), revokedAt: null },
        after: { ...auditView(key), revokedAt: key.revokedAt },
      },
      tx,
    );
    return key;
  });
}

export type AuthenticatedKey = {
  id: string;
  partnerId: string;
  channelId: string | null;
  prefix: string;
  rateLimitPerMinute: number;
};

async function authenticate(rawKey: string | null | undefined, kind: ApiKeyKind) {
  if (!looksLikeApiKey(rawKey, kind)) return null;
  const db = getDb();
  // Looked up by the hash's unique index: the secret itself is never compared or stored.
  const [key] = await db
    .select({
      id: apiKeys.id,
      partnerId: apiKeys.partnerId,
      channelId: apiKeys.channelId,
      prefix: apiKeys.prefix,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
    })
    .from(apiKeys)
    .where(
      and(eq(apiKeys.hash, hashApiKey(rawKey!)), eq(apiKeys.kind, kind), isNull(apiKeys.revokedAt)),
    );
  if (!key) return null;
  // Stamped at most once a minute per key, so a busy key does not write on every request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return key;
}

/** A partner key (header `X-API-Key`) that exists and is not revoked, or null. */
export function authenticatePartnerKey(rawKey: string | null | undefined) {
  return authenticate(rawKey, "partner");
}

/** A channel key (header `D360-API-KEY`) that exists and is not revoked, or null. */
export async function authenticateChannelKey(rawKey: string | null | undefined) {
  const key = await authenticate(rawKey, "channel");
  return key?.channelId ? { ...key, channelId: key.channelId } : null;
}

export type RateLimitState = { allowed: boolean; limit: number; remaining: number; resetAt: Date };

/** Counts one request against the key's window; one atomic upsert, safe across instances. */
export async function consumeRateLimit({
  apiKeyId,
  limit,
  now = new Date(),
}: {
  apiKeyId: string;
  limit: number;
  now?: Date;
}): Promise<RateLimitState> {
  const window = rateLimitWindow(now);
  const [row] = await getDb()
    .insert(apiRateLimits)
    .values({ apiKeyId, windowStart: window.start, count: 1 })
    .onConflictDoUpdate({
      target: [apiRateLimits.apiKeyId, apiRateLimits.windowStart],
      set: { count: sql`${apiRateLimits.count} + 1` },
    })
    .returning({ count: apiRateLimits.count });
  const used = row?.count ?? limit + 1;
  return {
    allowed: used <= limit,
    limit,
    remaining: Math.max(0, limit - used),
    resetAt: window.resetAt,
  };
}

/** Drops finished windows; run by a periodic job. */
export async function deleteExpiredRateLimitWindows({ now = new Date() }: { now?: Date } = {}) {
  await getDb()
    .delete(apiRateLimits)
    .where(lt(apiRateLimits.windowStart, new Date(now.getTime() - 5 * 60_000)));
}
