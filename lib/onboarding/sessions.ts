import "server-only";
import { and, count, desc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import {
  channelEvents,
  historyChunks,
  type OnboardingSession,
  onboardingSessions,
  partners,
} from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { decryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { EmbeddedSignupOutcome } from "@/lib/meta/embedded-signup";
import { checkEligibility, type EligibilityAnswers, type EligibilityResult } from "./eligibility";
import { checkLinkSignature, isAllowedRedirect, type LinkParams } from "./links";
import { serverSteps } from "./steps";

export type LinkProblem =
  | "unknown_partner"
  | "signature_missing"
  | "signature_invalid"
  | "signature_expired";

export type OnboardingLink =
  | {
      ok: true;
      partner: { id: string; name: string; slug: string; logoUrl: string | null };
      params: LinkParams;
      /** Set when redirect_url was given but is not one the partner registered. */
      droppedRedirect: boolean;
    }
  | { ok: false; problem: LinkProblem };

/** Checks a public onboarding link: the partner exists, the signature holds when required. */
export async function resolveOnboardingLink({
  slug,
  params,
  now = new Date(),
}: {
  slug: string;
  params: LinkParams;
  now?: Date;
}): Promise<OnboardingLink> {
  const [partner] = await getDb().select().from(partners).where(eq(partners.slug, slug)).limit(1);
  if (!partner) return { ok: false, problem: "unknown_partner" };
  if (partner.requireSignedLinks) {
    // A partner who requires signatures but has no secret cannot have signed anything.
    const secret = partner.secretEncrypted
      ? decryptSecret(partner.secretEncrypted, getEnv().encryptionKey)
      : null;
    const check = secret
      ? checkLinkSignature({
          partnerId: partner.id,
          secret,
          timestamp: params.timestamp,
          signature: params.signature,
          now,
        })
      : ({ ok: false, reason: "invalid" } as const);
    if (!check.ok) return { ok: false, problem: `signature_${check.reason}` };
  }
  const redirectAllowed =
    params.redirect_url !== undefined &&
    isAllowedRedirect(params.redirect_url, partner.allowedRedirectUrls);
  return {
    ok: true,
    partner: { id: partner.id, name: partner.name, slug: partner.slug, logoUrl: partner.logoUrl },
    params: { ...params, redirect_url: redirectAllowed ? params.redirect_url : undefined },
    droppedRedirect: params.redirect_url !== undefined && !redirectAllowed,
  };
}

/** The client submits the checklist: a session is created whether they pass or not (the funnel counts both). */
export async function submitEligibility({
  slug,
  params,
  answers,
  now = new Date(),
}: {
  slug: string;
  params: LinkParams;
  answers: EligibilityAnswers;
  now?: Date;
}): Promise<{ sessionId: string; result: EligibilityResult }> {
  const link = await resolveOnboardingLink({ slug, params, now });
  if (!link.ok) throw new AppError("not_found", "This onboarding link is not valid.");
  const result = checkEligibility(answers, now);
  const [session] = await getDb()
    .insert(onboardingSessions)
    .values({
      partnerId: link.partner.id,
      status: result.eligible ? "eligible" : "ineligible",
      state: link.params.state,
      partnerPayload: link.params.partner,
      email: link.params.email,
      name: link.params.name,
      redirectUrl: link.params.redirect_url,
      number: result.number ?? answers.number,
      country: result.country,
      eligibility: result.checks,
      createdAt: now,
    })
    .returning({ id: onboardingSessions.id });
  return { sessionId: session!.id, result };
}

async function requireSession(sessionId: string): Promise<OnboardingSession> {
  const [session] = await getDb()
    .select()
    .from(onboardingSessions)
    .where(eq(onboardingSessions.id, sessionId))
    .limit(1);
  if (!session) throw new AppError("not_found", "This onboarding session does not exist.");
  return session;
}

export async function getOnboardingSession({ sessionId }: { sessionId: string }) {
  return requireSession(sessionId);
}

export async function markPopupOpened({
  sessionId,
  now = new Date(),
}: {
  sessionId: string;
  now?: Date;
}) {
  const session = await requireSession(sessionId);
  if (session.status === "ineligible") {
    throw new AppError("conflict", "The checklist has not passed yet.");
  }
  await getDb()
    .update(onboardingSessions)
    .set({
      popupOpenedAt: session.popupOpenedAt ?? now,
      // Re-opening after a cancel or an expired code starts a new attempt in the same session.
      status:
        session.status === "completed" || session.status === "in_progress"
          ? session.status
          : "popup_opened",
    })
    .where(eq(onboardingSessions.id, sessionId));
}

/** Records what the popup reported. A finish keeps the ids; cancel and error keep Meta's details. */
export async function recordPopupOutcome({
  sessionId,
  outcome,
  now = new Date(),
}: {
  sessionId: string;
  outcome: EmbeddedSignupOutcome;
  now?: Date;
}) {
  const session = await requireSession(sessionId);
  if (session.status === "completed") return session;
  const update =
    outcome.kind === "finish"
      ? {
          status: "in_progress" as const,
          popupEvent: outcome.event,
          wabaId: outcome.wabaId,
          phoneNumberId: outcome.phoneNumberId ?? session.phoneNumberId,
          businessId: outcome.businessId ?? session.businessId,
          finishedAt: session.finishedAt ?? now,
        }
      : outcome.kind === "cancel"
        ? { status: "cancelled" as const, popupEvent: "CANCEL", cancelStep: outcome.currentStep }
        : {
            status: "errored" as const,
            popupEvent: "ERROR",
            errorMessage: outcome.message,
            errorId: outcome.errorId ?? null,
            metaSessionId: outcome.sessionId ?? null,
          };
  const [updated] = await getDb()
    .update(onboardingSessions)
    .set(update)
    .where(eq(onboardingSessions.id, sessionId))
    .returning();
  return updated!;
}

export type OnboardingListItem = Pick<
  OnboardingSession,
  | "id"
  | "status"
  | "number"
  | "country"
  | "email"
  | "partnerPayload"
  | "cancelStep"
  | "errorMessage"
  | "errorId"
  | "clientId"
  | "channelId"
  | "createdAt"
  | "completedAt"
> & { reachedStep: string };

export function reachedStep(session: OnboardingSession): string {
  // In the steps' own order: jsonb keeps object keys sorted by length, not as written.
  const done = serverSteps.filter((step) => session.steps[step]?.status === "done");
  if (done.length > 0) return done.at(-1)!;
  if (session.finishedAt) return "popup_finished";
  if (session.popupOpenedAt) return "popup_opened";
  return session.status === "ineligible" ? "checklist" : "checklist_passed";
}

export async function listOnboardingSessions(
  { partnerId }: PartnerScope,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ total: number; items: OnboardingListItem[] }> {
  const db = getDb();
  const where = eq(onboardingSessions.partnerId, partnerId);
  const [[total], rows] = await Promise.all([
    db.select({ value: count() }).from(onboardingSessions).where(where),
    db
      .select()
      .from(onboardingSessions)
      .where(where)
      .orderBy(desc(onboardingSessions.createdAt), desc(onboardingSessions.id))
      .limit(Math.min(limit, 200))
      .offset(offset),
  ]);
  return {
    total: total?.value ?? 0,
    items: rows.map((row) => ({
      id: row.id,
      status: row.status,
      number: row.number,
      country: row.country,
      email: row.email,
      partnerPayload: row.partnerPayload,
      cancelStep: row.cancelStep,
      errorMessage: row.errorMessage,
      errorId: row.errorId,
      clientId: row.clientId,
      channelId: row.channelId,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      reachedStep: reachedStep(row),
    })),
  };
}

export type OnboardingFunnel = {
  /**
   * `count`: distinct clients that reached the stage (a retry is the same client); `attempts`:
   * the sessions that did. `note` says what a stage's count includes when that is not obvious.
   */
  stages: { id: string; label: string; count: number; attempts: number; note?: string }[];
  cancelledAt: { step: string; count: number }[];
  topErrors: { message: string; count: number }[];
};

/**
 * Who a session is for, so a client's retries count once: the partner's own id for the client
 * (the link's payload), else the email given, else the number, else the session itself.
 */
export const onboardingClientKey = sql`coalesce(${onboardingSessions.partnerPayload}, lower(${onboardingSessions.email}), ${onboardingSessions.number}, ${onboardingSessions.id}::text)`;

const stepDone = (step: string) =>
  sql`(${onboardingSessions.steps} -> ${step} ->> 'status') = 'done'`;

// The channel's history, as this session saw it (received after the session started, like the
// client's page): imported to 100%, or declined by the business (error 2593109).
const historyImported = sql`exists (select 1 from ${historyChunks}
  where ${historyChunks.channelId} = ${onboardingSessions.channelId}
    and ${historyChunks.partnerId} = ${onboardingSessions.partnerId}
    and ${historyChunks.progress} >= 100
    and ${historyChunks.receivedAt} >= ${onboardingSessions.createdAt})`;
const historyDeclined = sql`exists (select 1 from ${channelEvents}
  where ${channelEvents.channelId} = ${onboardingSessions.channelId}
    and ${channelEvents.partnerId} = ${onboardingSessions.partnerId}
    and ${channelEvents.kind} = 'history_declined'
    and ${channelEvents.createdAt} >= ${onboardingSessions.createdAt})`;

/** Where clients drop out, for a period: the stages of the loop, cancels by step, top errors. */
export async function getOnboardingFunnel(
  { partnerId }: PartnerScope,
  { from, to }: { from: Date; to: Date },
): Promise<OnboardingFunnel> {
  const db = getDb();
  const where = and(
    eq(onboardingSessions.partnerId, partnerId),
    gte(onboardingSessions.createdAt, from),
    lt(onboardingSessions.createdAt, to),
  );
  // Each stage twice: distinct clients (the figure) and sessions (attempts, beside it).
  const countWhere = (condition: ReturnType<typeof sql>) =>
    sql<string>`cast(count(distinct ${onboardingClientKey}) filter (where ${condition}) as text) || '/' || cast(count(*) filter (where ${condition}) as text)`;
  const [[stages], cancels, errors] = await Promise.all([
    db
      .select({
        started: countWhere(sql`true`),
        eligible: countWhere(sql`${onboardingSessions.status} <> 'ineligible'`),
        popup: countWhere(sql`${onboardingSessions.popupOpenedAt} is not null`),
        finished: countWhere(sql`${onboardingSessions.finishedAt} is not null`),
        token: countWhere(stepDone("exchange_token")),
        channel: countWhere(stepDone("create_channel")),
        synced: countWhere(stepDone("request_history_sync")),
        historyImported: countWhere(
          sql`${stepDone("request_history_sync")} and ${historyImported}`,
        ),
        historyDeclined: countWhere(
          sql`${stepDone("request_history_sync")} and not ${historyImported} and ${historyDeclined}`,
        ),
      })
      .from(onboardingSessions)
      .where(where),
    db
      .select({ step: onboardingSessions.cancelStep, count: sql<number>`cast(count(*) as int)` })
      .from(onboardingSessions)
      .where(
        and(
          where,
          eq(onboardingSessions.status, "cancelled"),
          isNotNull(onboardingSessions.cancelStep),
        ),
      )
      .groupBy(onboardingSessions.cancelStep)
      .orderBy(desc(sql`count(*)`)),
    db
      .select({
        message: onboardingSessions.errorMessage,
        count: sql<number>`cast(count(*) as int)`,
      })
      .from(onboardingSessions)
      .where(and(where, isNotNull(onboardingSessions.errorMessage)))
      .groupBy(onboardingSessions.errorMessage)
      .orderBy(desc(sql`count(*)`))
      .limit(5),
  ]);
  const pair = (value: string | undefined) => {
    const [clients, attempts] = (value ?? "0/0").split("/").map(Number);
    return { count: clients ?? 0, attempts: attempts ?? 0 };
  };
  const s = stages;
  const imported = pair(s?.historyImported);
  const declined = pair(s?.historyDeclined);
  return {
    stages: [
      { id: "started", label: "Started", ...pair(s?.started) },
      { id: "eligible", label: "Checklist passed", ...pair(s?.eligible) },
      { id: "popup", label: "Popup opened", ...pair(s?.popup) },
      { id: "finished", label: "Finished in Meta's popup", ...pair(s?.finished) },
      { id: "token", label: "Authorised", ...pair(s?.token) },
      { id: "channel", label: "Channel created", ...pair(s?.channel) },
      { id: "synced", label: "Syncs requested", ...pair(s?.synced) },
      {
        id: "history",
        label: "History complete",
        count: imported.count + declined.count,
        attempts: imported.attempts + declined.attempts,
        note:
          declined.count > 0
            ? `${imported.count} imported, ${declined.count} declined to share`
            : undefined,
      },
    ],
    cancelledAt: cancels.map((row) => ({ step: row.step ?? "UNKNOWN", count: row.count })),
    topErrors: errors.map((row) => ({ message: row.message ?? "", count: row.count })),
  };
}
