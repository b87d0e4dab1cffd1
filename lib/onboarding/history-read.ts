import "server-only";
import { and, countDistinct, desc, eq, gte, min } from "drizzle-orm";
import { getDb } from "@/db";
import {
  channelEvents,
  channels,
  historyChunks,
  messages,
  type OnboardingSession,
  onboardingSessions,
} from "@/db/schema";
import { type Scope, tenantCondition } from "@/lib/auth/scope";
import {
  HISTORY_READABLE_MS,
  type HistorySummary,
  shouldContinue,
  summariseHistory,
} from "./history-progress";

export type SessionHistory = HistorySummary & {
  /** The page should go on to the partner now (import ended, or no news for a while). */
  continueNow: boolean;
};

/**
 * Chunks and the decline of one channel: those received since `since` (a session's view), or
 * those of one onboarding `generation` (the channel's current import: see sync-state.ts).
 */
async function loadHistoryFacts({
  partnerId,
  channelId,
  since,
  generation,
}: {
  partnerId: string;
  channelId: string;
  since?: Date;
  generation?: { value: number; declinedAt: Date | null };
}) {
  const db = getDb();
  const [chunks, [declined]] = await Promise.all([
    db
      .select({
        phase: historyChunks.phase,
        progress: historyChunks.progress,
        messageCount: historyChunks.messageCount,
        receivedAt: historyChunks.receivedAt,
      })
      .from(historyChunks)
      .where(
        and(
          eq(historyChunks.partnerId, partnerId),
          eq(historyChunks.channelId, channelId),
          since ? gte(historyChunks.receivedAt, since) : undefined,
          generation ? eq(historyChunks.generation, generation.value) : undefined,
        ),
      ),
    generation
      ? [{ at: generation.declinedAt }]
      : db
          .select({ at: min(channelEvents.createdAt) })
          .from(channelEvents)
          .where(
            and(
              eq(channelEvents.partnerId, partnerId),
              eq(channelEvents.channelId, channelId),
              eq(channelEvents.kind, "history_declined"),
              since ? gte(channelEvents.createdAt, since) : undefined,
            ),
          ),
  ]);
  return { chunks, declinedAt: declined?.at ? new Date(declined.at) : null };
}

/**
 * The history import of one onboarding session, for the client's public page. The session id is
 * the client's only key, so this exposes that session's own import and nothing else: nothing
 * before the session connected a channel, nothing once a newer session took the channel over,
 * nothing received before the session started, and nothing HISTORY_READABLE_MS after completion.
 */
export async function readSessionHistory({
  session,
  now = new Date(),
}: {
  session: OnboardingSession;
  now?: Date;
}): Promise<SessionHistory | null> {
  const { channelId, completedAt } = session;
  if (session.status !== "completed" || !channelId || !completedAt) return null;
  if (now.getTime() - completedAt.getTime() > HISTORY_READABLE_MS) return null;
  const [newest] = await getDb()
    .select({ id: onboardingSessions.id })
    .from(onboardingSessions)
    .where(
      and(
        eq(onboardingSessions.partnerId, session.partnerId),
        eq(onboardingSessions.channelId, channelId),
      ),
    )
    .orderBy(desc(onboardingSessions.createdAt), desc(onboardingSessions.id))
    .limit(1);
  if (newest?.id !== session.id) return null;
  const facts = await loadHistoryFacts({
    partnerId: session.partnerId,
    channelId,
    since: session.createdAt,
  });
  const summary = summariseHistory(facts);
  return { ...summary, continueNow: shouldContinue({ summary, connectedAt: completedAt, now }) };
}

export type ChannelHistory = HistorySummary & {
  /** Customers with at least one imported message: the chats the import brought. */
  chats: number;
};

/**
 * A channel's history import for the partner's channel page: the current onboarding's (a number
 * onboarded again starts a new import), so it agrees with the channel's sync state. A channel
 * outside the scope (another partner's or client's) gets "waiting", 0 chats.
 */
export async function getChannelHistory(
  scope: Scope,
  { channelId }: { channelId: string },
): Promise<ChannelHistory> {
  const { partnerId } = scope;
  const [channel] = await getDb()
    .select({ generation: channels.syncGeneration, declinedAt: channels.historyDeclinedAt })
    .from(channels)
    .where(and(tenantCondition(scope, channels), eq(channels.id, channelId)));
  if (!channel) return { ...summariseHistory({ chunks: [], declinedAt: null }), chats: 0 };
  const [facts, [imported]] = await Promise.all([
    loadHistoryFacts({
      partnerId,
      channelId,
      generation: { value: channel.generation, declinedAt: channel.declinedAt },
    }),
    getDb()
      .select({ chats: countDistinct(messages.contactId) })
      .from(messages)
      .where(
        and(
          eq(messages.partnerId, partnerId),
          eq(messages.channelId, channelId),
          eq(messages.origin, "history"),
        ),
      ),
  ]);
  return { ...summariseHistory(facts), chats: Number(imported?.chats ?? 0) };
}
