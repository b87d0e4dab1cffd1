import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { listOnboardingSessionPage } from "@/lib/onboarding/session-list";
import { onboardingSessionListSpec } from "@/lib/partners/api-schemas-onboarding";
import { toOnboardingSessionResource } from "@/lib/partners/api-shapes";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

export const GET = withPartnerApiKey("v2.onboarding_sessions.list", async (request, { scope }) => {
  const query = parseListQuery(onboardingSessionListSpec, new URL(request.url).searchParams);
  const { sessions, total } = await listOnboardingSessionPage(scope, { query });
  return NextResponse.json(
    listEnvelope("onboarding_sessions", query, sessions.map(toOnboardingSessionResource), total),
  );
});
