import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query-client";
import { isHistoryFinal } from "./history-progress";
import type { ClientProgress } from "./progress";

/** The server steps are running: the page polls every second. */
export function stepsRunning(progress: ClientProgress) {
  return ["in_progress", "popup_opened", "eligible"].includes(progress.status);
}

/** While connected, the history import is watched until it ends or the server says move on. */
export function waitingForHistory(progress: ClientProgress) {
  return (
    progress.status === "completed" &&
    progress.history !== null &&
    !isHistoryFinal(progress.history.state) &&
    !progress.history.continueNow
  );
}

/**
 * The onboarding page's progress (GET /api/onboard/sessions/:id/progress): every second while
 * the server steps run, every 1.5 s while the history import is watched, then no more.
 */
export function onboardingProgressQueryOptions(sessionId: string) {
  return queryOptions({
    queryKey: ["onboarding-progress", sessionId],
    queryFn: () =>
      fetchJson<ClientProgress>(
        `/api/onboard/sessions/${encodeURIComponent(sessionId)}/progress`,
        "The progress",
      ),
    refetchInterval: (query) => {
      const progress = query.state.data;
      if (!progress) return false;
      if (stepsRunning(progress)) return 1000;
      return waitingForHistory(progress) ? 1500 : false;
    },
  });
}
