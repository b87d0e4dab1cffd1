import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { SIGNED_LINK_MAX_AGE_SECONDS } from "@/lib/onboarding/links";
import { createOnboardingLink } from "@/lib/onboarding/partner-links";
import { onboardingLinkBody } from "@/lib/partners/api-schemas-onboarding";

/** Builds the partner's onboarding link; signed unless asked not to (and not required). */
export const POST = withPartnerApiKey("v2.onboarding_links.create", async (request, { scope }) => {
  // Every field is optional: no body is the plain (signed) link.
  const text = await request.text();
  const body = await readJson(
    new Request(request.url, { method: "POST", body: text.trim() ? text : "{}" }),
    onboardingLinkBody,
  );
  const now = new Date();
  const { url, signed } = await createOnboardingLink(scope, {
    params: {
      partner: body.partner_payload,
      email: body.email,
      name: body.name,
      number: body.number,
      state: body.state,
      redirect_url: body.redirect_url,
    },
    sign: body.sign,
    now,
  });
  // The signature's timestamp is whole seconds: the link expires 7 days after that second.
  const signedAt = Math.floor(now.getTime() / 1000);
  return NextResponse.json(
    {
      url,
      signed,
      expires_at: signed
        ? new Date((signedAt + SIGNED_LINK_MAX_AGE_SECONDS) * 1000).toISOString()
        : null,
    },
    { headers: { "cache-control": "no-store" } },
  );
});
