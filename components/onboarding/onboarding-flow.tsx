"use client";

import { useCallback, useState } from "react";
import {
  type ChecklistState,
  finishSignupAction,
  popupOpenedAction,
  popupOutcomeAction,
  progressAction,
} from "@/app/onboard/[partner]/actions";
import { Button } from "@/components/ui/button";
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

type Props = {
  partnerName: string;
  defaultNumber?: string;
  signup: SignupConfig;
  submitChecklist: (state: ChecklistState, formData: FormData) => Promise<ChecklistState>;
};

/** For the progress poll (react-query): a refusal is an error it shows and retries. */
async function fetchProgress(sessionId: string): Promise<ClientProgress> {
  const result = await progressAction(sessionId);
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

const CANCEL_MESSAGE =
  "You closed the window before finishing. Nothing was changed: you can start again.";

export function OnboardingFlow({ partnerName, defaultNumber, signup, submitChecklist }: Props) {
  const [stage, setStage] = useState<Stage>({ name: "checklist" });
  const [understood, setUnderstood] = useState(false);
  const sessionId = "sessionId" in stage ? stage.sessionId : undefined;

  const onResult = useCallback(
    async (result: SignupResult) => {
      if (!sessionId) return;
      if (result.kind === "finish") {
        // The code lives 30 seconds: hand it to the server at once.
        const finished = await finishSignupAction(sessionId, result.message, result.code);
        if (!finished.ok) {
          setStage({ name: "stopped", sessionId, message: finished.message });
          return;
        }
        setStage({ name: "progress", sessionId, progress: finished.data });
        return;
      }
      const recorded = await popupOutcomeAction(
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
    [sessionId],
  );
  const launch = useEmbeddedSignup(signup, onResult);

  async function start() {
    if (!sessionId) return;
    setStage({ name: "popup", sessionId });
    const opened = await popupOpenedAction(sessionId);
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
        action={submitChecklist}
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
        fetchProgress={fetchProgress}
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
