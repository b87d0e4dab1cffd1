/**
 * The history import as the client and the partner see it: pure functions over the chunks and the
 * decline that ingestion stored (`history_chunks`, `channel_events` kind `history_declined`).
 *
 * Meta's `progress` is the share of the whole import sent so far (0..100, 100 = complete) and
 * chunks arrive in any order, so the import's progress is the highest one seen. Phases (0 = the
 * last day, 1 = days 1-90, 2 = days 90-180) are shown as they arrive: an empty phase sends nothing,
 * so a phase cannot be called finished before the whole import is.
 */

/** How long after completion the public page may read a session's history (Meta: within 24 h). */
export const HISTORY_READABLE_MS = 24 * 60 * 60_000;
/** Without news for this long, the client's page moves on to the partner by itself. */
export const HISTORY_PATIENCE_MS = 2 * 60_000;

export const historyPhaseLabels: Record<number, string> = {
  0: "The last 24 hours",
  1: "1 to 90 days ago",
  2: "90 to 180 days ago",
};

export type HistoryChunkFact = {
  phase: number;
  progress: number;
  messageCount: number;
  receivedAt: Date;
};

export type HistoryState = "waiting" | "importing" | "complete" | "declined";

export type HistoryPhase = { phase: number; label: string; chunks: number; messages: number };

export type HistorySummary = {
  state: HistoryState;
  /** 0..100, whole numbers. */
  progress: number;
  phases: HistoryPhase[];
  messages: number;
  /** The latest chunk or decline, ISO; null when nothing came. */
  lastReceivedAt: string | null;
};

export function summariseHistory({
  chunks,
  declinedAt,
}: {
  chunks: readonly HistoryChunkFact[];
  declinedAt: Date | null;
}): HistorySummary {
  const progress = Math.floor(Math.min(100, Math.max(0, ...chunks.map((c) => c.progress))));
  const byPhase = new Map<number, HistoryPhase>();
  let messages = 0;
  let last = declinedAt?.getTime() ?? null;
  for (const chunk of chunks) {
    const phase = byPhase.get(chunk.phase) ?? {
      phase: chunk.phase,
      label: historyPhaseLabels[chunk.phase] ?? `Phase ${chunk.phase}`,
      chunks: 0,
      messages: 0,
    };
    phase.chunks++;
    phase.messages += chunk.messageCount;
    byPhase.set(chunk.phase, phase);
    messages += chunk.messageCount;
    last = Math.max(last ?? 0, chunk.receivedAt.getTime());
  }
  // A finished import wins over a stray decline; a decline wins over a partial import.
  const state: HistoryState =
    chunks.length > 0 && progress >= 100
      ? "complete"
      : declinedAt
        ? "declined"
        : chunks.length > 0
          ? "importing"
          : "waiting";
  return {
    state,
    progress: state === "complete" ? 100 : progress,
    phases: [...byPhase.values()].sort((a, b) => a.phase - b.phase),
    messages,
    lastReceivedAt: last === null ? null : new Date(last).toISOString(),
  };
}

export function isHistoryFinal(state: HistoryState) {
  return state === "complete" || state === "declined";
}

/**
 * Whether the client's page should go on to the partner now: the import ended (complete or
 * declined), or nothing new came for HISTORY_PATIENCE_MS since the connection or the last chunk
 * (Meta may take up to 24 hours; the history reaches the partner without the client waiting).
 */
export function shouldContinue({
  summary,
  connectedAt,
  now,
}: {
  summary: HistorySummary;
  connectedAt: Date;
  now: Date;
}) {
  if (isHistoryFinal(summary.state)) return true;
  const lastNews = Math.max(
    connectedAt.getTime(),
    summary.lastReceivedAt ? Date.parse(summary.lastReceivedAt) : 0,
  );
  return now.getTime() - lastNews >= HISTORY_PATIENCE_MS;
}
