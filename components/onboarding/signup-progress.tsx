"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Circle, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import type { ClientProgress } from "@/lib/onboarding/progress";

const RUNNING = new Set(["in_progress", "popup_opened", "eligible"]);

type Props = {
  sessionId: string;
  initial: ClientProgress;
  fetchProgress: (sessionId: string) => Promise<ClientProgress>;
  /** Seconds before sending the client on to the partner's site. */
  redirectDelaySeconds?: number;
};

/** The server steps ticking by, then the way back to the partner. */
export function SignupProgress({
  sessionId,
  initial,
  fetchProgress,
  redirectDelaySeconds = 3,
}: Props) {
  const { data } = useQuery({
    queryKey: ["onboarding-progress", sessionId],
    queryFn: () => fetchProgress(sessionId),
    initialData: initial,
    refetchInterval: (query) => (RUNNING.has(query.state.data?.status ?? "") ? 1000 : false),
  });
  const progress = data ?? initial;

  useEffect(() => {
    if (!progress.redirectTo) return;
    const timer = setTimeout(
      () => window.location.assign(progress.redirectTo!),
      redirectDelaySeconds * 1000,
    );
    return () => clearTimeout(timer);
  }, [progress.redirectTo, redirectDelaySeconds]);

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
            <p className="text-muted-foreground">
              WhatsApp asks on your phone whether to share your chat history: answer there to start
              the import.
            </p>
            {progress.redirectTo ? (
              <p>
                Taking you back…{" "}
                <a className="underline" href={progress.redirectTo}>
                  Continue now
                </a>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
