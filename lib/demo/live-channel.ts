import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, clients, partners } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { finishOnboarding } from "@/lib/onboarding/finish";
import { createOnboardingGraph } from "@/lib/onboarding/graph";
import type { OnboardingGraph } from "@/lib/onboarding/graph-port";
import { markPopupOpened, recordPopupOutcome, submitEligibility } from "@/lib/onboarding/sessions";
import { saveCustomer } from "@/lib/sandbox/customers";
import { completeSandboxSignup } from "@/lib/sandbox/numbers/signup-codes";
import { createSandboxNumber, listSandboxContacts } from "@/lib/sandbox/numbers/store";
import { simulateEcho } from "@/lib/sandbox/simulate/echo";
import { simulateInbound } from "@/lib/sandbox/simulate/inbound";

/** The demo's live client, found by the partner's own id for it (its `partner_payload`). */
export const DEMO_LIVE_PAYLOAD = "demo-live-bakery";

const CHECKLIST_PASSED = {
  appVersionOk: true,
  inUseLongEnough: true,
  noPaymentMethod: true,
  notWithOtherProvider: true,
};

async function liveChannelOf(partnerSlug: string) {
  const [row] = await getDb()
    .select({ channelId: channels.id })
    .from(channels)
    .innerJoin(clients, eq(clients.id, channels.clientId))
    .innerJoin(partners, eq(partners.id, clients.partnerId))
    .where(and(eq(partners.slug, partnerSlug), eq(clients.partnerPayload, DEMO_LIVE_PAYLOAD)))
    .limit(1);
  return row?.channelId ?? null;
}

/**
 * Gives the demo a channel that is alive from the first sign-in: a sandbox business goes through
 * the real onboarding (eligibility, popup outcome, code exchange over HTTP, syncs), so its history
 * arrives as webhooks, then two customers write (open service windows) and the app answers one,
 * and a third writes who shows only a username (no number: Meta names her by BSUID).
 * Needs the server listening (the Graph calls and webhooks are HTTP to itself). Does nothing when
 * the live channel already exists, so restarts keep the same demo.
 */
export async function connectDemoLiveChannel({
  partnerSlug = "demo",
  graph = createOnboardingGraph(),
}: {
  partnerSlug?: string;
  graph?: OnboardingGraph;
} = {}): Promise<{ channelId: string; created: boolean }> {
  const existing = await liveChannelOf(partnerSlug);
  if (existing) return { channelId: existing, created: false };

  const number = await createSandboxNumber({
    country: "PT",
    displayName: "Pastelaria Aurora",
    contacts: 8,
    historyDays: 90,
    shareHistory: true,
  });
  const { sessionId } = await submitEligibility({
    slug: partnerSlug,
    params: {
      partner: DEMO_LIVE_PAYLOAD,
      email: "ola@pastelaria-aurora.example",
      name: "Pastelaria Aurora",
    },
    answers: { number: `+${number.displayPhoneNumber}`, ...CHECKLIST_PASSED },
  });
  await markPopupOpened({ sessionId });
  const { code } = await completeSandboxSignup({ phoneNumberId: number.phoneNumberId });
  await recordPopupOutcome({
    sessionId,
    outcome: {
      kind: "finish",
      event: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
      wabaId: number.wabaId,
      phoneNumberId: number.phoneNumberId,
    },
  });
  await finishOnboarding({ sessionId, code, graph });

  const [first, second] = await listSandboxContacts(number.phoneNumberId);
  if (first) {
    await simulateInbound(number.phoneNumberId, {
      from: first.waId,
      type: "text",
      text: "Olá! Do you still have pastéis de nata today?",
    });
    await simulateEcho(number.phoneNumberId, {
      to: first.waId,
      type: "text",
      text: "Yes, a fresh batch at 4 pm!",
    });
  }
  if (second) {
    await simulateInbound(number.phoneNumberId, {
      from: second.waId,
      type: "text",
      text: "Can I order a cake for Saturday?",
    });
  }
  // A customer who hides their number behind a WhatsApp username: the hub knows her by BSUID.
  const rita = await saveCustomer(number, {
    name: "Rita",
    username: "rita.doces",
    hideNumber: true,
  });
  await simulateInbound(number.phoneNumberId, {
    from: rita.waId,
    type: "text",
    text: "Hi! Are you open on Sunday morning?",
  });
  const channelId = await liveChannelOf(partnerSlug);
  if (!channelId) throw new Error("The demo's live channel was not created.");
  return { channelId, created: true };
}

/**
 * In demo mode, connects the live channel once the server answers (start-up runs before it
 * listens, and the onboarding talks HTTP to this same server). Never blocks or breaks start-up.
 */
export function connectDemoLiveChannelWhenServing(appUrl: string) {
  const log = getLogger();
  void (async () => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const up = await fetch(`${appUrl}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const { created } = await connectDemoLiveChannel();
    if (created) log.info("demo live channel connected through the sandbox");
  })().catch((error) => log.error({ err: error }, "demo live channel could not be connected"));
}
