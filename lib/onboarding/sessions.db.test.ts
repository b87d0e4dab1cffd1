import { describe, expect, it } from "vitest";
import { createPartner } from "@/db/testing/factories";
import { ownerScope } from "@/lib/auth/testing";
import { encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { signLink } from "./links";
import {
  getOnboardingFunnel,
  listOnboardingSessions,
  markPopupOpened,
  recordPopupOutcome,
  resolveOnboardingLink,
  submitEligibility,
} from "./sessions";

const yes = {
  appVersionOk: true,
  inUseLongEnough: true,
  noPaymentMethod: true,
  notWithOtherProvider: true,
};
const now = new Date("2026-11-25T12:00:00Z");
const seconds = Math.floor(now.getTime() / 1000);

describe("onboarding links", () => {
  it("answer unknown_partner for a slug nobody has", async () => {
    expect(await resolveOnboardingLink({ slug: "nobody-here", params: {}, now })).toEqual({
      ok: false,
      problem: "unknown_partner",
    });
  });

  it("keep a registered redirect_url and drop any other", async () => {
    const partner = await createPartner({ allowedRedirectUrls: ["https://partner.example/done"] });
    const good = await resolveOnboardingLink({
      slug: partner.slug,
      params: { redirect_url: "https://partner.example/done?x=1", state: "s1" },
      now,
    });
    expect(good).toMatchObject({
      ok: true,
      droppedRedirect: false,
      params: { redirect_url: "https://partner.example/done?x=1", state: "s1" },
    });
    const bad = await resolveOnboardingLink({
      slug: partner.slug,
      params: { redirect_url: "https://evil.example/steal" },
      now,
    });
    expect(bad).toMatchObject({
      ok: true,
      droppedRedirect: true,
      params: { redirect_url: undefined },
    });
  });

  it("require a valid, fresh signature when the partner asks for signed links", async () => {
    const secret = "s3cret-of-the-partner";
    const partner = await createPartner({
      requireSignedLinks: true,
      secretEncrypted: encryptSecret(secret, getEnv().encryptionKey),
    });
    const slug = partner.slug;
    expect(await resolveOnboardingLink({ slug, params: {}, now })).toEqual({
      ok: false,
      problem: "signature_missing",
    });
    expect(
      await resolveOnboardingLink({
        slug,
        params: { timestamp: String(seconds), signature: "ab".repeat(32) },
        now,
      }),
    ).toEqual({ ok: false, problem: "signature_invalid" });
    const old = seconds - 30 * 24 * 3600;
    expect(
      await resolveOnboardingLink({
        slug,
        params: { timestamp: String(old), signature: signLink(partner.id, old, secret) },
        now,
      }),
    ).toEqual({ ok: false, problem: "signature_expired" });
    expect(
      await resolveOnboardingLink({
        slug,
        params: { timestamp: String(seconds), signature: signLink(partner.id, seconds, secret) },
        now,
      }),
    ).toMatchObject({ ok: true });
  });
});

describe("onboarding sessions", () => {
  it("record a passed checklist with the normalised number and the link's parameters", async () => {
    const partner = await createPartner();
    const { sessionId, result } = await submitEligibility({
      slug: partner.slug,
      params: { state: "st", partner: "crm-9", email: "owner@shop.example" },
      answers: { number: "+55 11 98765 0001", ...yes },
      now,
    });
    expect(result.eligible).toBe(true);
    const { items } = await listOnboardingSessions(ownerScope(partner.id));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: sessionId,
      status: "eligible",
      number: "5511987650001",
      partnerPayload: "crm-9",
      reachedStep: "checklist_passed",
    });
  });

  it("refuse to open the popup for a session that failed the checklist", async () => {
    const partner = await createPartner();
    const { sessionId } = await submitEligibility({
      slug: partner.slug,
      params: {},
      answers: { number: "+234 803 123 4567", ...yes },
      now,
    });
    await expect(markPopupOpened({ sessionId })).rejects.toBeInstanceOf(AppError);
  });

  it("give another partner none of the sessions and an empty funnel", async () => {
    const partner = await createPartner();
    await submitEligibility({
      slug: partner.slug,
      params: {},
      answers: { number: "+5511987650001", ...yes },
      now,
    });
    const other = await createPartner();
    expect(await listOnboardingSessions(ownerScope(other.id))).toEqual({ total: 0, items: [] });
    const funnel = await getOnboardingFunnel(ownerScope(other.id), {
      from: new Date(0),
      to: new Date("2100-01-01"),
    });
    expect(funnel.stages.every((stage) => stage.count === 0)).toBe(true);
  });

  it("count the funnel's stages and where clients cancelled", async () => {
    const partner = await createPartner();
    const start = (number: string) =>
      submitEligibility({ slug: partner.slug, params: {}, answers: { number, ...yes }, now });

    await start("+234 803 123 4567"); // stopped by the checklist
    const cancelled = await start("+5511987650001");
    await markPopupOpened({ sessionId: cancelled.sessionId, now });
    await recordPopupOutcome({
      sessionId: cancelled.sessionId,
      outcome: { kind: "cancel", currentStep: "PHONE_NUMBER_VERIFICATION" },
      now,
    });
    const errored = await start("+5511987650002");
    await markPopupOpened({ sessionId: errored.sessionId, now });
    await recordPopupOutcome({
      sessionId: errored.sessionId,
      outcome: {
        kind: "error",
        message: "Phone number is not eligible",
        errorId: "524126",
        sessionId: "f34b",
      },
      now,
    });
    // The same client tries again (same number): still one client, two attempts.
    await start("+234 803 123 4567");
    const finished = await start("+5511987650003");
    await markPopupOpened({ sessionId: finished.sessionId, now });
    await recordPopupOutcome({
      sessionId: finished.sessionId,
      outcome: {
        kind: "finish",
        event: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
        wabaId: "waba-1",
      },
      now,
    });

    const funnel = await getOnboardingFunnel(ownerScope(partner.id), {
      from: new Date(now.getTime() - 1000),
      to: new Date(now.getTime() + 1000),
    });
    expect(funnel.stages[0]).toMatchObject({ id: "started", count: 4, attempts: 5 });
    expect(Object.fromEntries(funnel.stages.map((stage) => [stage.id, stage.count]))).toEqual({
      started: 4,
      eligible: 3,
      popup: 3,
      finished: 1,
      token: 0,
      channel: 0,
      synced: 0,
      history: 0,
    });
    expect(funnel.cancelledAt).toEqual([{ step: "PHONE_NUMBER_VERIFICATION", count: 1 }]);
    expect(funnel.topErrors).toEqual([{ message: "Phone number is not eligible", count: 1 }]);
    const { items } = await listOnboardingSessions(ownerScope(partner.id));
    expect(items.find((item) => item.id === errored.sessionId)).toMatchObject({
      status: "errored",
      errorId: "524126",
    });
  });
});
