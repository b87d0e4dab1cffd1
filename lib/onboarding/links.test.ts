import { describe, expect, it } from "vitest";
import {
  buildOnboardingLink,
  buildPartnerRedirect,
  checkLinkSignature,
  isAllowedRedirect,
  linkParamsSchema,
  signLink,
} from "./links";

const partnerId = "9b1f0c5e-0000-4000-8000-000000000001";
const secret = "partner-secret";
const now = new Date("2026-11-25T12:00:00Z");
const nowSeconds = Math.floor(now.getTime() / 1000);

describe("signed onboarding links", () => {
  it("accept the HMAC of {partner_id}|{unix_seconds} with the partner's secret", () => {
    const signature = signLink(partnerId, nowSeconds - 60, secret);
    expect(
      checkLinkSignature({ partnerId, secret, timestamp: String(nowSeconds - 60), signature, now }),
    ).toEqual({ ok: true });
  });

  it("refuse a missing, wrong or expired signature, each with its reason", () => {
    const old = nowSeconds - 8 * 24 * 3600;
    expect(checkLinkSignature({ partnerId, secret, now })).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(
      checkLinkSignature({
        partnerId,
        secret,
        now,
        timestamp: String(nowSeconds),
        signature: "00".repeat(32),
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      checkLinkSignature({
        partnerId: "another-partner",
        secret,
        now,
        timestamp: String(nowSeconds),
        signature: signLink(partnerId, nowSeconds, secret),
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      checkLinkSignature({
        partnerId,
        secret,
        now,
        timestamp: String(old),
        signature: signLink(partnerId, old, secret),
      }),
    ).toEqual({ ok: false, reason: "expired" });
  });

  it("build a link that its own check accepts", () => {
    const link = new URL(
      buildOnboardingLink({
        appUrl: "https://hub.example",
        partnerSlug: "demo",
        params: { state: "abc", partner: "crm-7", email: "a@b.example" },
        signing: { partnerId, secret, now },
      }),
    );
    expect(link.pathname).toBe("/onboard/demo");
    expect(link.searchParams.get("partner")).toBe("crm-7");
    const params = linkParamsSchema.parse(Object.fromEntries(link.searchParams));
    expect(checkLinkSignature({ partnerId, secret, now, ...params })).toEqual({ ok: true });
  });
});

describe("link parameters", () => {
  it("drop malformed values instead of failing the page", () => {
    expect(linkParamsSchema.parse({ email: "not-an-email", state: "s" })).toEqual({ state: "s" });
  });
});

describe("partner redirect", () => {
  const allowed = ["https://partner.example/onboarded", "https://app.partner.example/"];

  it("allow only registered origins and paths", () => {
    expect(isAllowedRedirect("https://partner.example/onboarded?x=1", allowed)).toBe(true);
    expect(isAllowedRedirect("https://partner.example/onboarded/done", allowed)).toBe(true);
    expect(isAllowedRedirect("https://app.partner.example/anything", allowed)).toBe(true);
    expect(isAllowedRedirect("https://partner.example/other", allowed)).toBe(false);
    expect(isAllowedRedirect("https://partner.example/onboardedevil", allowed)).toBe(false);
    expect(isAllowedRedirect("https://evil.example/onboarded", allowed)).toBe(false);
    expect(isAllowedRedirect("javascript:alert(1)", allowed)).toBe(false);
    expect(isAllowedRedirect("not a url", allowed)).toBe(false);
  });

  it("carry client, channels and state in the shapes partners know", () => {
    const url = new URL(
      buildPartnerRedirect({
        redirectUrl: "https://partner.example/onboarded?src=hub",
        clientId: "c1",
        channelIds: ["ch1", "ch2"],
        state: "xyz",
      }),
    );
    expect(url.searchParams.get("src")).toBe("hub");
    expect(url.searchParams.get("client")).toBe("c1");
    expect(url.searchParams.get("channels")).toBe("[ch1,ch2]");
    expect(url.searchParams.get("state")).toBe("xyz");
  });
});
