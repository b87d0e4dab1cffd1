/**
 * The onboarding state machine: pure functions over the recorded steps of one session.
 *
 * A session records each server step with its time and outcome. Retrying resumes at the first step
 * not done, so a step that succeeded (above all a sync request, which Meta allows once) is never
 * run twice. The code exchange cannot be retried: the code lives 30 seconds and works once, so a
 * failure there (or a session resumed after the code expired) needs a fresh popup.
 */
export const serverSteps = [
  "exchange_token",
  "subscribe_app",
  "resolve_number",
  "create_channel",
  "request_contacts_sync",
  "request_history_sync",
] as const;
export type ServerStep = (typeof serverSteps)[number];

export const stepLabels: Record<ServerStep, string> = {
  exchange_token: "Confirming your Meta authorisation",
  subscribe_app: "Subscribing to your WhatsApp account's events",
  resolve_number: "Reading your number's details",
  create_channel: "Creating your channel",
  request_contacts_sync: "Asking WhatsApp to share your contacts",
  request_history_sync: "Asking WhatsApp to share your chat history",
};

export type StepRecord = {
  status: "done" | "failed";
  at: string; // ISO time
  error?: { code: string; message: string; metaCode?: number; fbtraceId?: string };
  /** What the step produced that later steps need (ids, request ids). Never tokens. */
  data?: Record<string, string>;
};
export type StepRecords = Partial<Record<ServerStep, StepRecord>>;

export type SessionOutcome =
  | "in_progress"
  | "completed"
  | "cancelled"
  | "errored"
  | "failed"
  | "needs_restart";

/** The first server step not yet done, or null when every step is done. */
export function nextStep(records: StepRecords): ServerStep | null {
  return serverSteps.find((step) => records[step]?.status !== "done") ?? null;
}

export function isComplete(records: StepRecords) {
  return nextStep(records) === null;
}

/** Whether resuming can work: once the token step is behind us, every later step can be retried. */
export function canResume(records: StepRecords) {
  return records.exchange_token?.status === "done";
}

export function recordStep(
  records: StepRecords,
  step: ServerStep,
  record: StepRecord,
): StepRecords {
  return { ...records, [step]: record };
}

/** The session's outcome as its steps say. */
export function outcomeOf(records: StepRecords): SessionOutcome {
  if (isComplete(records)) return "completed";
  const token = records.exchange_token;
  if (token?.status === "failed") return "needs_restart";
  const failed = serverSteps.some((step) => records[step]?.status === "failed");
  return failed ? "failed" : "in_progress";
}

/** Steps for the client's progress list: done, failed, running (the next one) or waiting. */
export function stepProgress(records: StepRecords) {
  const next = nextStep(records);
  return serverSteps.map((step) => ({
    step,
    label: stepLabels[step],
    state: records[step]?.status ?? (step === next ? "running" : "waiting"),
    error: records[step]?.error,
  }));
}
