import type { Metadata } from "next";
import { OnboardingFlow } from "@/components/onboarding/onboarding-flow";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getEnv } from "@/lib/env";
import { linkParamsSchema } from "@/lib/onboarding/links";
import { resolveOnboardingLink } from "@/lib/onboarding/sessions";
import {
  finishSignupAction,
  popupOpenedAction,
  popupOutcomeAction,
  submitChecklistAction,
} from "./actions";
import { LinkProblemCard } from "./link-problem";

export const metadata: Metadata = { title: "Connect your WhatsApp Business app" };

const META_SDK_URL = "https://connect.facebook.net/en_US/sdk.js";

export default async function OnboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ partner: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { partner: slug } = await params;
  const raw = await searchParams;
  const linkParams = linkParamsSchema.parse(
    Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
    ),
  );
  const link = await resolveOnboardingLink({ slug, params: linkParams });
  if (!link.ok) return <LinkProblemCard problem={link.problem} />;

  const env = getEnv();
  const signup = {
    sdkUrl: env.sandbox ? "/sandbox/sdk.js" : META_SDK_URL,
    appId: env.meta.appId ?? "",
    configId: env.meta.configId ?? "",
    graphVersion: env.meta.graphVersion,
    sandbox: env.sandbox,
  };

  return (
    <main className="grid min-h-dvh place-items-start justify-center bg-muted/40 p-4 sm:place-items-center">
      <Card className="w-full max-w-lg">
        <CardHeader>
          {link.partner.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: partner logos are arbitrary external URLs
            <img
              src={link.partner.logoUrl}
              alt={`${link.partner.name} logo`}
              className="mb-2 h-10 w-auto self-start"
            />
          ) : null}
          <CardTitle className="text-xl">
            <h1>Connect your WhatsApp Business app to {link.partner.name}</h1>
          </CardTitle>
          <CardDescription>
            Your number keeps working in the WhatsApp Business app on your phone.{" "}
            {link.partner.name} also gets access through Meta's Cloud API.
            {env.sandbox ? " (Sandbox: no real WhatsApp account is touched.)" : null}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <OnboardingFlow
            partnerName={link.partner.name}
            defaultNumber={linkParams.number}
            signup={signup}
            actions={{
              submitChecklist: submitChecklistAction.bind(null, slug, link.params),
              popupOpened: popupOpenedAction,
              popupOutcome: popupOutcomeAction,
              finishSignup: finishSignupAction,
            }}
          />
        </CardContent>
      </Card>
    </main>
  );
}
