import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { type OnboardingSession, onboardingSessions } from "@/db/schema/onboarding";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueuePartnerEvent } from "@/lib/forwarding/enqueue";
import { reprocessEventsForChannel } from "@/lib/ingest/process";
import { getLogger } from "@/lib/logger";
import { isMetaApiError } from "@/lib/meta/graph/errors";
import { type AttachedChannel, attachChannel } from "./attach-channel";
import { describeStepFailure, type StepFailure } from "./failures";
import type { GraphFailure, OnboardingGraph, PhoneNumberDetails } from "./graph-port";
import { nextStep, outcomeOf, recordStep, type ServerStep, type StepRecords } from "./steps";
import { recordSyncRequest } from "./sync-state";

const LEASE_MS = 60_000;
const WAIT_FOR_OTHER_CALL_MS = 30_000;

type Context = {
  session: OnboardingSession;
  graph: OnboardingGraph;
  code?: string;
  now: Date;
  token?: string;
  number?: PhoneNumberDetails;
};

/**
 * Once the channel exists: webhooks that arrived before it (Meta may be faster than our steps)
 * are processed now, and the partner's software hears about the client and the channel.
 */
async function announceChannel({
  session,
  attached,
  phoneNumberId,
}: {
  session: OnboardingSession;
  attached: AttachedChannel;
  phoneNumberId: string;
}) {
  await reprocessEventsForChannel({ phoneNumberId, wabaId: session.wabaId! });
  const data = {
    client_id: attached.clientId,
    channel_id: attached.channelId,
    phone_number_id: phoneNumberId,
    waba_id: session.wabaId,
    partner_payload: session.partnerPayload,
    onboarding_session_id: session.id,
  };
  if (attached.clientCreated) {
    await enqueuePartnerEvent({ partnerId: session.partnerId, event: "client_created", data });
  }
  await enqueuePartnerEvent({
    partnerId: session.partnerId,
    event: attached.reconnected ? "channel_connected" : "channel_created",
    data,
  });
}

/** Tries to take the session's lease; false when another call holds it. */
async function claimLease(sessionId: string, now: Date) {
  const claimed = await getDb()
    .update(onboardingSessions)
    .set({ lockedUntil: new Date(now.getTime() + LEASE_MS) })
    .where(
      and(
        eq(onboardingSessions.id, sessionId),
        or(isNull(onboardingSessions.lockedUntil), lt(onboardingSessions.lockedUntil, now)),
      ),
    )
    .returning({ id: onboardingSessions.id });
  return claimed.length === 1;
}

async function load(sessionId: string) {
  const [session] = await getDb()
    .select()
    .from(onboardingSessions)
    .where(eq(onboardingSessions.id, sessionId));
  if (!session) throw new AppError("not_found", "This onboarding session does not exist.");
  return session;
}

function asGraphFailure(error: unknown): GraphFailure {
  if (isMetaApiError(error)) {
    return {
      message: error.metaMessage ?? error.message,
      code: error.code,
      subcode: error.errorSubcode,
      fbtraceId: error.fbtraceId,
      status: error.status,
      retryable: error.kind === "timeout" || error.kind === "network",
    };
  }
  return { message: error instanceof Error ? error.message : "unknown error" };
}

function token(ctx: Context) {
  if (ctx.token) return ctx.token;
  if (!ctx.session.businessTokenEncrypted)
    throw new AppError("conflict", "The business token is missing.");
  ctx.token = decryptSecret(ctx.session.businessTokenEncrypted, getEnv().encryptionKey);
  return ctx.token;
}

async function runStep(step: ServerStep, ctx: Context) {
  const { session, graph } = ctx;
  switch (step) {
    case "exchange_token": {
      if (!ctx.code) throw new AppError("conflict", "No signup code was given.");
      const { accessToken } = await graph.exchangeCode(ctx.code);
      ctx.token = accessToken;
      return { businessTokenEncrypted: encryptSecret(accessToken, getEnv().encryptionKey) };
    }
    case "subscribe_app":
      await graph.subscribeApp({ wabaId: session.wabaId!, token: token(ctx) });
      return {};
    case "resolve_number": {
      let phoneNumberId = session.phoneNumberId;
      if (!phoneNumberId) {
        // The coexistence FINISH may carry only the WABA id.
        const numbers = await graph.listPhoneNumbers({
          wabaId: session.wabaId!,
          token: token(ctx),
        });
        const typed = session.number;
        phoneNumberId =
          numbers.find((n) => typed && n.displayPhoneNumber.replace(/\D/g, "") === typed)?.id ??
          numbers[0]?.id ??
          null;
        if (!phoneNumberId)
          throw new AppError("not_found", "Meta returned no phone number for this account");
      }
      ctx.number = await graph.getPhoneNumber({ phoneNumberId, token: token(ctx) });
      return { phoneNumberId };
    }
    case "create_channel": {
      const number =
        ctx.number ??
        (await graph.getPhoneNumber({ phoneNumberId: session.phoneNumberId!, token: token(ctx) }));
      const attached = await attachChannel({
        session,
        number,
        businessTokenEncrypted: session.businessTokenEncrypted!,
        now: ctx.now,
      });
      await announceChannel({ session, attached, phoneNumberId: number.id });
      return { clientId: attached.clientId, channelId: attached.channelId };
    }
    case "request_contacts_sync":
    case "request_history_sync": {
      const syncType = step === "request_contacts_sync" ? "smb_app_state_sync" : "history";
      const { requestId } = await graph.requestSync({
        phoneNumberId: session.phoneNumberId!,
        token: token(ctx),
        syncType,
      });
      return { requestId, syncType };
    }
  }
}

async function persist(
  sessionId: string,
  values: Partial<typeof onboardingSessions.$inferInsert>,
  db: Pick<ReturnType<typeof getDb>, "update"> = getDb(),
) {
  const [updated] = await db
    .update(onboardingSessions)
    .set(values)
    .where(eq(onboardingSessions.id, sessionId))
    .returning();
  return updated!;
}

/**
 * Runs the server side of Embedded Signup for a session whose popup finished: exchange the code,
 * subscribe the app, resolve and read the number, create or re-attach the client and channel,
 * then ask for the contacts sync and the history sync. Each step is recorded as it ends; a retry
 * resumes where the last call stopped. Concurrent calls for one session wait for the first.
 */
export async function finishOnboarding({
  sessionId,
  code,
  graph,
  now = () => new Date(),
}: {
  sessionId: string;
  code?: string;
  graph: OnboardingGraph;
  now?: () => Date;
}): Promise<OnboardingSession> {
  const initial = await load(sessionId);
  if (initial.status === "completed") return initial;
  if (!initial.wabaId) throw new AppError("conflict", "The signup popup has not finished yet.");

  if (!(await claimLease(sessionId, now()))) {
    // Another call (a double click, a network retry) is running the steps: wait for its result.
    const deadline = Date.now() + WAIT_FOR_OTHER_CALL_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const current = await load(sessionId);
      if (!current.lockedUntil || current.lockedUntil < now()) return current;
    }
    return load(sessionId);
  }

  let session = await load(sessionId);
  const ctx: Context = { session, graph, code, now: now() };
  let steps: StepRecords = session.steps;
  let failure: StepFailure | undefined;
  try {
    for (let step = nextStep(steps); step; step = nextStep(steps)) {
      if (step === "exchange_token" && !code) {
        failure = describeStepFailure(step, { message: "no code" });
        steps = recordStep(steps, step, {
          status: "failed",
          at: now().toISOString(),
          error: failure,
        });
        session = await persist(sessionId, {
          steps,
          status: "needs_restart",
          errorMessage: failure.message,
        });
        break;
      }
      try {
        const { requestId, syncType, ...columns } = (await runStep(step, ctx)) as {
          requestId?: string;
          syncType?: "smb_app_state_sync" | "history";
        } & Partial<typeof onboardingSessions.$inferInsert>;
        const at = now();
        steps = recordStep(steps, step, {
          status: "done",
          at: at.toISOString(),
          data: requestId ? { requestId } : undefined,
        });
        const channelId = session.channelId;
        // The step and the channel's sync state commit together.
        session = await getDb().transaction(async (tx) => {
          if (requestId && syncType && channelId) {
            await recordSyncRequest(tx, {
              partnerId: session.partnerId,
              channelId,
              sessionId,
              syncType,
              requestId,
              at,
            });
          }
          return persist(
            sessionId,
            { steps, status: "in_progress", errorMessage: null, ...columns },
            tx,
          );
        });
        ctx.session = session;
      } catch (error) {
        const described =
          error instanceof AppError && error.code === "conflict"
            ? { code: "already_connected", message: error.message }
            : describeStepFailure(step, asGraphFailure(error));
        failure = described;
        getLogger().warn(
          {
            sessionId,
            step,
            code: described.code,
            metaCode: described.metaCode,
            fbtraceId: described.fbtraceId,
          },
          "onboarding step failed",
        );
        steps = recordStep(steps, step, {
          status: "failed",
          at: now().toISOString(),
          error: described,
        });
        session = await persist(sessionId, {
          steps,
          status: outcomeOf(steps) === "needs_restart" ? "needs_restart" : "failed",
          errorMessage: described.message,
        });
        break;
      }
    }
    if (!failure) {
      session = await persist(sessionId, {
        status: "completed",
        completedAt: session.completedAt ?? now(),
      });
    }
  } finally {
    await persist(sessionId, { lockedUntil: null });
  }
  return { ...session, lockedUntil: null };
}
