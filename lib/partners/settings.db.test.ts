import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { partners } from "@/db/schema";
import { createPartner, createUser } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { userActor } from "./actor";
import { listAuditEntries } from "./audit";
import {
  getPartnerSettings,
  getSigningSecrets,
  rotatePartnerSecret,
  SECRET_GRACE_PERIOD_MS,
  setPartnerWebhookUrl,
  updatePartnerSettings,
} from "./settings";

async function setup() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  return { partner, actor: userActor({ userId: owner.id, email: owner.email }) };
}

describe("partner settings", () => {
  it("the secret is stored encrypted; after a rotation both sign until the grace period ends", async () => {
    const { partner, actor } = await setup();
    const now = new Date();
    const first = await rotatePartnerSecret(ownerScope(partner.id), { actor, now });
    expect(first.previousSecretValidUntil).toBeNull();
    const [row] = await getDb().select().from(partners).where(eq(partners.id, partner.id));
    expect(row!.secretEncrypted).not.toContain(first.secret);
    expect(await getSigningSecrets({ partnerId: partner.id, now })).toEqual([first.secret]);

    const second = await rotatePartnerSecret(ownerScope(partner.id), { actor, now });
    expect(second.previousSecretValidUntil).toEqual(
      new Date(now.getTime() + SECRET_GRACE_PERIOD_MS),
    );
    expect(await getSigningSecrets({ partnerId: partner.id, now })).toEqual([
      second.secret,
      first.secret,
    ]);
    const later = new Date(now.getTime() + SECRET_GRACE_PERIOD_MS + 1);
    expect(await getSigningSecrets({ partnerId: partner.id, now: later })).toEqual([second.secret]);

    const { entries } = await listAuditEntries(ownerScope(partner.id));
    expect(entries.map((e) => e.action)).toEqual([
      "partner.secret_rotated",
      "partner.secret_rotated",
    ]);
    expect(JSON.stringify(entries)).not.toContain(first.secret);
  });

  it("signed links cannot be required before a secret exists, and nothing changes", async () => {
    const { partner, actor } = await setup();
    await expect(
      updatePartnerSettings(ownerScope(partner.id), {
        changes: {
          name: "Renamed",
          logoUrl: null,
          allowedRedirectUrls: [],
          requireSignedLinks: true,
        },
        actor,
      }),
    ).rejects.toMatchObject({ code: "unprocessable" });
    expect((await getPartnerSettings(ownerScope(partner.id))).name).toBe(partner.name);
  });

  it("settings changes are saved and audited with before and after", async () => {
    const { partner, actor } = await setup();
    const changes = {
      name: "Acme Agency",
      logoUrl: "https://acme.example/logo.png",
      allowedRedirectUrls: ["https://crm.acme.example/done"],
      requireSignedLinks: false,
    };
    await updatePartnerSettings(ownerScope(partner.id), { changes, actor });
    expect(await getPartnerSettings(ownerScope(partner.id))).toMatchObject(changes);
    const { entries } = await listAuditEntries(ownerScope(partner.id));
    expect(entries[0]).toMatchObject({
      action: "partner.settings_updated",
      before: { name: partner.name, logoUrl: null },
      after: changes,
    });
  });

  it("another partner's changes never touch this partner", async () => {
    const a = await setup();
    const b = await setup();
    await setPartnerWebhookUrl(ownerScope(b.partner.id), {
      webhookUrl: "https://b.example/h",
      actor: b.actor,
    });
    await rotatePartnerSecret(ownerScope(b.partner.id), { actor: b.actor });
    const settings = await getPartnerSettings(ownerScope(a.partner.id));
    expect(settings).toMatchObject({ webhookUrl: null, hasSecret: false });
    expect(await getSigningSecrets({ partnerId: a.partner.id })).toEqual([]);
    expect((await listAuditEntries(ownerScope(a.partner.id))).total).toBe(0);
  });
});
