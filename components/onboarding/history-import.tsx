import type { SessionHistory } from "@/lib/onboarding/history-read";

/** The history import on the client's page: progress and phases, a decline, or the wait. */
export function HistoryImport({
  history,
  partnerName,
}: {
  history: SessionHistory;
  partnerName: string;
}) {
  if (history.state === "declined") {
    return (
      <p className="text-sm" data-testid="history-declined">
        You chose not to share your chat history. New messages still reach {partnerName}; your
        earlier chats stay on your phone.
      </p>
    );
  }
  if (history.state === "waiting") {
    return (
      <div className="grid gap-1 text-sm" data-testid="history-waiting">
        <p>
          WhatsApp asks on your phone whether to share your chat history: answer there to start the
          import.
        </p>
        <p className="text-muted-foreground">
          Your chat history arrives within 24 hours: you can close this page, {partnerName} receives
          it without you.
        </p>
      </div>
    );
  }
  return (
    <div className="grid gap-2 text-sm" data-testid="history-import">
      <div className="flex items-baseline justify-between gap-2">
        <p className="font-medium">
          {history.state === "complete"
            ? "Your chat history is imported"
            : "Importing your chat history…"}
        </p>
        <span className="tabular-nums" data-testid="history-percent">
          {history.progress}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Chat history import"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={history.progress}
        className="h-2 rounded bg-muted"
      >
        <div
          className="h-2 rounded bg-primary transition-[width]"
          style={{ width: `${history.progress}%` }}
        />
      </div>
      <ul className="grid gap-0.5 text-muted-foreground" aria-label="History received">
        {history.phases.map((phase) => (
          <li key={phase.phase} className="flex justify-between gap-2">
            <span>{phase.label}</span>
            <span className="tabular-nums">
              {phase.messages} {phase.messages === 1 ? "message" : "messages"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
