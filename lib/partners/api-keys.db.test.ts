import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKeys, auditLog } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { AppError } from "@/lib/errors";
import { userActor } from "./actor";
import { hashApiKey } from "./api-key-secret";
import {
  authenticateChannelKey,
  authenticatePartnerKey,
  consumeRateLimit,
  createChannelApiKey,
  createPartnerApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys";

async function setup() {
  const partner = await createPartner();
  const user = await createUser(partner.id, "owner");
  const client = await createClient(partner.id);
  const channel = await createChannel(partner.id, client.id);
  return {
    partner,
    user,
    client,
    channel,
    actor: userActor({ userId: user.id, email: user.email }),
  };
}

describe("API keys", () => {
  it("a partner key is stored as hash and prefix only, and authenticates with its secret", async () => {
    const { partner, actor, user } = await setup();
    const { key, secret } = await createPartnerApiKey(ownerScope(partner.id), {
      name: "CRM",
      actor,
    });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.hash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(key.createdBy).toBe(user.email);
    const authenticated = await authenticatePartnerKey(secret);
    expect(authenticated).toMatchObject({ id: key.id, partnerId: partner.id });
    const [used] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("the list never carries the secret or the hash", async () => {
    const { partner, actor } = await setup();
    const { secret } = await createPartnerApiKey(ownerScope(partner.id), { name: "CRM", actor });
    const { keys, total } = await listApiKeys(ownerScope(partner.id), { kind: "partner" });
    expect(total).toBe(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(
      [
        "channelId",
        "createdAt",
        "createdBy",
        "id",
        "kind",
        "lastUsedAt",
        "name",
        "prefix",
        "revokedAt",
      ].sort(),
    );
    expect(JSON.stringify(keys)).not.toContain(secret.slice(12));
  });

  it("a revoked key no longer authenticates, and the revocation is audited", async () => {
    const { partner, actor } = await setup();
    const { key, secret } = await createPartnerApiKey(ownerScope(partner.id), {
      name: "CRM",
      actor,
    });
    const revoked = await revokeApiKey(ownerScope(partner.id), { keyId: key.id, actor });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticatePartnerKey(secret)).toBeNull();
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.targetId, key.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("a channel key is not a partner key and the other way round", async () => {
    const { partner, channel, actor } = await setup();
    const partnerKey = await createPartnerApiKey(ownerScope(partner.id), { name: "p", actor });
    const channelKey = await createChannelApiKey(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
    });
    expect(await authenticatePartnerKey(channelKey.secret)).toBeNull();
    expect(await authenticateChannelKey(partnerKey.secret)).toBeNull();
    expect(await authenticateChannelKey(channelKey.secret)).toMatchObject({
      channelId: channel.id,
      partnerId: partner.id,
    });
  });

  it("a second channel key within 30 seconds is refused, and allowed after", async () => {
    const { partner, channel, actor } = await setup();
    const now = new Date();
    await createChannelApiKey(ownerScope(partner.id), { channelId: channel.id, actor, now });
    const again = createChannelApiKey(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
      now: new Date(now.getTime() + 10_000),
    });
    await expect(again).rejects.toMatchObject({ code: "rate_limited" });
    const { total } = await listApiKeys(ownerScope(partner.id), {
      kind: "channel",
      channelId: channel.id,
    });
    expect(total).toBe(1);
    await createChannelApiKey(ownerScope(partner.id), {
      channelId: channel.id,
      actor,
      now: new Date(now.getTime() + 31_000),
    });
  });

  it("junk and unknown keys do not authenticate", async () => {
    expect(await authenticatePartnerKey(undefined)).toBeNull();
    expect(await authenticatePartnerKey("nonsense")).toBeNull();
    expect(await authenticatePartnerKey(`pk_${"x".repeat(43)}`)).toBeNull();
  });

  it("counts requests per key per minute and refuses past the limit", async () => {
    const { partner, actor } = await setup();
    const { key } = await createPartnerApiKey(ownerScope(partner.id), { name: "CRM", actor });
    const now = new Date("2026-11-25T10:00:10Z");
    const states = [];
    for (let i = 0; i < 3; i++)
      states.push(await consumeRateLimit({ apiKeyId: key.id, limit: 2, now }));
    expect(states.map((s) => [s.allowed, s.remaining])).toEqual([
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    const next = await consumeRateLimit({
      apiKeyId: key.id,
      limit: 2,
      now: new Date("2026-11-25T10:01:00Z"),
    });
    expect(next.allowed).toBe(true);
  });

  it("another partner gets nothing: no list, no revoke, no key for a foreign channel", async () => {
    const a = await setup();
    const b = await setup();
    const { key } = await createPartnerApiKey(ownerScope(a.partner.id), {
      name: "A",
      actor: a.actor,
    });
    expect((await listApiKeys(ownerScope(b.partner.id), { kind: "partner" })).total).toBe(0);
    await expect(
      revokeApiKey(ownerScope(b.partner.id), { keyId: key.id, actor: b.actor }),
    ).rejects.toThrow(AppError);
    await expect(
      createChannelApiKey(ownerScope(b.partner.id), { channelId: a.channel.id, actor: b.actor }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.revokedAt).toBeNull();
    expect((await listApiKeys(ownerScope(a.partner.id), { kind: "channel" })).total).toBe(0);
  });
});
