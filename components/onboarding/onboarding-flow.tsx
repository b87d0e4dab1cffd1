"use client";

import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import type { ChecklistState } from "@/lib/onboarding/eligibility";
import type { ClientProgress } from "@/lib/onboarding/progress";
import { ChangesNotice } from "./changes-notice";
import { ChecklistForm } from "./checklist-form";
import { SignupProgress } from "./signup-progress";
import { type SignupConfig, type SignupResult, useEmbeddedSignup } from "./use-embedded-signup";

type Stage =
  | { name: "checklist" }
  | { name: "ready"; sessionId: string }
  | { name: "popup"; sessionId: string }
  | { name: "stopped"; sessionId: string; message: string }
  | { name: "progress"; sessionId: string; progress: ClientProgress };

/** The onboarding page's public actions (app/onboard/[partner]/actions.ts), passed by the page. */
export type OnboardingActions = {
  /** submitChecklistAction with the partner's slug and the link's parameters bound. */
  submitChecklist: (state: ChecklistState, formData: FormData) => Promise<ChecklistState>;
  popupOpened: (sessionId: string) => Promise<ActionResult<null>>;
  popupOutcome: (
    sessionId: string,
    rawMessage: string | null,
  ) => Promise<ActionResult<ClientProgress>>;
  finishSignup: (
    sessionId: string,
    rawMessage: string,
    code: string,
  ) => Promise<ActionResult<ClientProgress>>;
};

type Props = {
  partnerName: string;
  defaultNumber?: string;
  signup: SignupConfig;
  actions: OnboardingActions;
};

const CANCEL_MESSAGE =
  "You closed the window before finishing. Nothing was changed: you can start again.";

export function OnboardingFlow({ partnerName, defaultNumber, signup, actions }: Props) {
  const [stage, setStage] = useState<Stage>({ name: "checklist" });
  const [understood, setUnderstood] = useState(false);
  const sessionId = "sessionId" in stage ? stage.sessionId : undefined;

  const onResult = useCallback(
    async (result: SignupResult) => {
      if (!sessionId) return;
      if (result.kind === "finish") {
        // The code lives 30 seconds: hand it to the server at once.
        const finished = await actions.finishSignup(sessionId, result.message, result.code);
        if (!finished.ok) {
          setStage({ name: "stopped", sessionId, message: finished.message });
          return;
        }
        setStage({ name: "progress", sessionId, progress: finished.data });
        return;
      }
      const recorded = await actions.popupOutcome(
        sessionId,
        result.kind === "no_response" ? null : result.message,
      );
      if (!recorded.ok) {
        setStage({ name: "stopped", sessionId, message: recorded.message });
        return;
      }
      const progress = recorded.data;
      setStage({
        name: "stopped",
        sessionId,
        message:
          progress.status === "errored"
            ? `Meta reported a problem: ${progress.error ?? "unknown error"}.${
                progress.errorReference?.errorId
                  ? ` Reference for support: error ${progress.errorReference.errorId}, session ${progress.errorReference.metaSessionId ?? "n/a"}.`
                  : ""
              }`
            : CANCEL_MESSAGE,
      });
    },
    [sessionId, actions],
  );
  const launch = useEmbeddedSignup(signup, onResult);

  async function start() {
    if (!sessionId) return;
    setStage({ name: "popup", sessionId });
    const opened = await actions.popupOpened(sessionId);
    if (!opened.ok) {
      setStage({ name: "stopped", sessionId, message: opened.message });
      return;
    }
    try {
      await launch();
    } catch (error) {
      setStage({ name: "stopped", sessionId, message: (error as Error).message });
    }
  }

  if (stage.name === "checklist") {
    return (
      <ChecklistForm
        action={actions.submitChecklist}
        defaultNumber={defaultNumber}
        onEligible={(id) => setStage({ name: "ready", sessionId: id })}
      />
    );
  }

  if (stage.name === "progress") {
    return (
      <SignupProgress
        sessionId={stage.sessionId}
        partnerName={partnerName}
        initial={stage.progress}
      />
    );
  }

  return (
    <div className="grid gap-5">
      <ChangesNotice />
      {stage.name === "stopped" ? (
        <p className="rounded-md border border-warning/60 bg-warning/10 p-3 text-sm" role="alert">
          {stage.message}
        </p>
      ) : null}
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          checked={understood}
          onChange={(event) => setUnderstood(event.target.checked)}
          className="mt-0.5 size-4 shrink-0 accent-[var(--primary)]"
        />
        I understand what changes, and I want {partnerName} to connect my WhatsApp Business app
        number.
      </label>
      <Button onClick={start} disabled={!understood || stage.name === "popup"}>
        {stage.name === "popup" ? "Waiting for the WhatsApp window…" : "Connect with WhatsApp"}
      </Button>
    </div>
  );
}
