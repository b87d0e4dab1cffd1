"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Circle, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import { buttonVariants } from "@/components/ui/button";
import { isHistoryFinal } from "@/lib/onboarding/history-progress";
import type { ClientProgress } from "@/lib/onboarding/progress";
import { HistoryImport } from "./history-import";

const RUNNING = new Set(["in_progress", "popup_opened", "eligible"]);

type Props = {
  sessionId: string;
  partnerName: string;
  initial: ClientProgress;
  fetchProgress: (sessionId: string) => Promise<ClientProgress>;
  /** Seconds the final state stays on screen before sending the client on to the partner's site. */
  redirectDelaySeconds?: number;
};

/** While connected, the history import is watched until it ends or the server says move on. */
function waitingForHistory(progress: ClientProgress) {
  return (
    progress.status === "completed" &&
    progress.history !== null &&
    !isHistoryFinal(progress.history.state) &&
    !progress.history.continueNow
  );
}

function pollEvery(progress: ClientProgress | undefined) {
  if (!progress) return false;
  if (RUNNING.has(progress.status)) return 1000;
  return waitingForHistory(progress) ? 1500 : false;
}

/** The server steps ticking by, the history import, then the way back to the partner. */
export function SignupProgress({
  sessionId,
  partnerName,
  initial,
  fetchProgress,
  redirectDelaySeconds = 4,
}: Props) {
  const { data } = useQuery({
    queryKey: ["onboarding-progress", sessionId],
    queryFn: () => fetchProgress(sessionId),
    initialData: initial,
    refetchInterval: (query) => pollEvery(query.state.data),
  });
  const progress = data ?? initial;
  // Go back on our own once the history import ended, or the server's patience ran out; the
  // client can always press Continue before that.
  const autoRedirect =
    progress.status === "completed" && progress.redirectTo && !waitingForHistory(progress)
      ? progress.redirectTo
      : null;

  useEffect(() => {
    if (!autoRedirect) return;
    const timer = setTimeout(
      () => window.location.assign(autoRedirect),
      redirectDelaySeconds * 1000,
    );
    return () => clearTimeout(timer);
  }, [autoRedirect, redirectDelaySeconds]);

  return (
    <div className="grid gap-4">
      <ol className="grid gap-2" aria-label="Connection steps">
        {progress.steps.map((step) => (
          <li key={step.step} className="flex items-start gap-3 text-sm" data-state={step.state}>
            {step.state === "done" ? (
              <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-primary" aria-label="done" />
            ) : step.state === "failed" ? (
              <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
            ) : step.state === "running" && RUNNING.has(progress.status) ? (
              <Loader2 className="mt-0.5 size-4 shrink-0 animate-spin" aria-label="running" />
            ) : (
              <Circle
                className="mt-0.5 size-4 shrink-0 text-muted-foreground"
                aria-label="waiting"
              />
            )}
            <span className={step.state === "waiting" ? "text-muted-foreground" : undefined}>
              {step.label}
            </span>
          </li>
        ))}
      </ol>
      <div aria-live="polite">
        {progress.error ? (
          <p
            className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm"
            role="alert"
          >
            {progress.error}
          </p>
        ) : null}
        {progress.status === "completed" ? (
          <div
            className="grid gap-2 rounded-md border border-primary/40 bg-primary/5 p-3 text-sm"
            data-testid="onboarding-complete"
          >
            <p className="font-medium">
              Your number is connected. The app keeps working as before.
            </p>
            {progress.history ? (
              <HistoryImport history={progress.history} partnerName={partnerName} />
            ) : null}
            {progress.redirectTo ? (
              <div className="flex flex-wrap items-center gap-3 pt-1">
                <a className={buttonVariants({ size: "sm" })} href={progress.redirectTo}>
                  Continue to {partnerName}
                </a>
                {autoRedirect ? (
                  <span className="text-muted-foreground" data-testid="redirecting">
                    Taking you back to {partnerName}…
                  </span>
                ) : null}
              </div>
            ) : (
              <p className="text-muted-foreground">You can close this page.</p>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
