/**
 * Whether this process finished its start-up (migrations, seed, jobs). While it has not (the
 * database was unreachable at start and start-up is being retried), /api/health answers 503
 * `starting` and the webhook route 503 with Retry-After. On globalThis: instrumentation and the
 * routes are bundled separately and each gets its own copy of this module.
 */
export type Readiness = "starting" | "ready";

const globalForReadiness = globalThis as unknown as { __coexReadiness?: Readiness };

/** Processes that never ran the start-up hook (tests, scripts) count as ready. */
export function getReadiness(): Readiness {
  return globalForReadiness.__coexReadiness ?? "ready";
}

export function setReadiness(readiness: Readiness) {
  globalForReadiness.__coexReadiness = readiness;
}

/**
 * Where this process runs its background work (lib/jobs/in-web-process.ts): on its own thread,
 * on the main thread, or nowhere (WORKERS=off); `thread-restarting` while a dead jobs thread
 * waits to start again. /api/health shows it, so an operator sees work that is not running.
 */
export type JobsPlacement = "thread" | "thread-restarting" | "main-thread" | "off";

const globalForJobs = globalThis as unknown as { __coexJobsPlacement?: JobsPlacement };

export function getJobsPlacement(): JobsPlacement | null {
  return globalForJobs.__coexJobsPlacement ?? null;
}

export function setJobsPlacement(placement: JobsPlacement) {
  globalForJobs.__coexJobsPlacement = placement;
}
