import type { OnboardingFunnel } from "@/lib/onboarding/sessions";

/**
 * Horizontal bars, widest = started; each bar says how many of the clients who started reached
 * it (a retry is the same client), with the attempts beside when there were retries.
 */
export function FunnelChart({ funnel }: { funnel: OnboardingFunnel }) {
  const started = funnel.stages[0]?.count ?? 0;
  return (
    <div className="grid gap-4">
      <ol className="grid gap-2" aria-label="Onboarding funnel">
        {funnel.stages.map((stage) => {
          const share = started > 0 ? Math.round((stage.count / started) * 100) : 0;
          return (
            <li
              key={stage.id}
              className="grid grid-cols-[10rem_1fr_4rem] items-center gap-3 text-sm"
              data-testid={`funnel-${stage.id}`}
            >
              <span className="grid min-w-0">
                <span className="truncate">{stage.label}</span>
                {stage.note ? (
                  <span
                    className="truncate text-muted-foreground text-xs"
                    data-testid={`funnel-${stage.id}-note`}
                  >
                    {stage.note}
                  </span>
                ) : null}
              </span>
              <span className="h-3 rounded bg-muted" aria-hidden>
                <span className="block h-3 rounded bg-primary" style={{ width: `${share}%` }} />
              </span>
              <span className="text-right tabular-nums">
                <span data-testid={`funnel-${stage.id}-count`}>{stage.count}</span>
                <span className="text-muted-foreground"> · {share}%</span>
                {stage.attempts > stage.count ? (
                  <span
                    className="block text-muted-foreground text-xs"
                    data-testid={`funnel-${stage.id}-attempts`}
                  >
                    {stage.attempts} attempts
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <h3 className="mb-2 text-sm font-medium">Cancelled at</h3>
          {funnel.cancelledAt.length === 0 ? (
            <p className="text-sm text-muted-foreground">No cancels in this period.</p>
          ) : (
            <ul className="grid gap-1 text-sm" data-testid="funnel-cancels">
              {funnel.cancelledAt.map((row) => (
                <li key={row.step} className="flex justify-between gap-2">
                  <code className="text-xs">{row.step}</code>
                  <span className="tabular-nums">{row.count}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="mb-2 text-sm font-medium">Top errors</h3>
          {funnel.topErrors.length === 0 ? (
            <p className="text-sm text-muted-foreground">No errors in this period.</p>
          ) : (
            <ul className="grid gap-1 text-sm">
              {funnel.topErrors.map((row) => (
                <li key={row.message} className="flex justify-between gap-2">
                  <span className="min-w-0 truncate">{row.message}</span>
                  <span className="tabular-nums">{row.count}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
