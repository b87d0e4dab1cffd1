"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Circle, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import { buttonVariants } from "@/components/ui/button";
import type { ClientProgress } from "@/lib/onboarding/progress";
import {
  onboardingProgressQueryOptions,
  stepsRunning,
  waitingForHistory,
} from "@/lib/onboarding/query-options";
import { HistoryImport } from "./history-import";

type Props = {
  sessionId: string;
  partnerName: string;
  initial: ClientProgress;
  /** Seconds the final state stays on screen before sending the client on to the partner's site. */
  redirectDelaySeconds?: number;
};

/** The server steps ticking by, the history import, then the way back to the partner. */
export function SignupProgress({
  sessionId,
  partnerName,
  initial,
  redirectDelaySeconds = 4,
}: Props) {
  const { data } = useQuery({ ...onboardingProgressQueryOptions(sessionId), initialData: initial });
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
            ) : step.state === "running" && stepsRunning(progress) ? (
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
