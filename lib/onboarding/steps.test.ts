import { describe, expect, it } from "vitest";
import {
  canResume,
  nextStep,
  outcomeOf,
  recordStep,
  type StepRecords,
  serverSteps,
  stepProgress,
} from "./steps";

const done = { status: "done" as const, at: "2026-11-25T12:00:00Z" };
const failed = (code: string) => ({
  status: "failed" as const,
  at: "2026-11-25T12:00:01Z",
  error: { code, message: code },
});

function doneUpTo(count: number): StepRecords {
  return serverSteps
    .slice(0, count)
    .reduce<StepRecords>((records, step) => recordStep(records, step, done), {});
}

describe("onboarding steps", () => {
  it("start with the code exchange and walk every step in order", () => {
    let records: StepRecords = {};
    const walked: string[] = [];
    for (let step = nextStep(records); step; step = nextStep(records)) {
      walked.push(step);
      records = recordStep(records, step, done);
    }
    expect(walked).toEqual([...serverSteps]);
    expect(outcomeOf(records)).toBe("completed");
  });

  it.each(serverSteps.slice(1).map((step, index) => [step, index + 1] as const))(
    "resume at %s after it failed, without redoing the steps before it",
    (step, index) => {
      const records = recordStep(doneUpTo(index), step, failed("meta_unavailable"));
      expect(outcomeOf(records)).toBe("failed");
      expect(canResume(records)).toBe(true);
      expect(nextStep(records)).toBe(step);
    },
  );

  it("never ask for a sync twice: a retry after the history request failed skips the contacts request", () => {
    const records = recordStep(doneUpTo(5), "request_history_sync", failed("meta_unavailable"));
    expect(records.request_contacts_sync?.status).toBe("done");
    expect(nextStep(records)).toBe("request_history_sync");
  });

  it("need a new popup when the code exchange failed (the code works once, for 30 seconds)", () => {
    const records = recordStep({}, "exchange_token", failed("code_expired"));
    expect(outcomeOf(records)).toBe("needs_restart");
    expect(canResume(records)).toBe(false);
  });

  it("recording a step again is idempotent", () => {
    const once = recordStep(doneUpTo(2), "resolve_number", done);
    const twice = recordStep(once, "resolve_number", done);
    expect(twice).toEqual(once);
  });

  it("show the client which step runs and which wait", () => {
    const progress = stepProgress(doneUpTo(2));
    expect(progress.map((p) => p.state)).toEqual([
      "done",
      "done",
      "running",
      "waiting",
      "waiting",
      "waiting",
    ]);
    expect(progress[2]?.label).toBe("Reading your number's details");
  });
});
