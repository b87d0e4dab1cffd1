import "server-only";
import { getLogger } from "@/lib/logger";

/**
 * The background runner: periodic jobs (ingestion sweeps, forwarding retries, sync timeouts,
 * health evaluation) run inside every app instance. Jobs must therefore be safe to run in several
 * instances at once: claim work with `FOR UPDATE SKIP LOCKED` or a unique key, never with an
 * in-memory flag.
 */
export type PeriodicJob = {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
};

type RunnerState = { jobs: Map<string, PeriodicJob>; timers: NodeJS.Timeout[]; started: boolean };

const globalForJobs = globalThis as unknown as { __coexJobs?: RunnerState };

function state(): RunnerState {
  globalForJobs.__coexJobs ??= { jobs: new Map(), timers: [], started: false };
  return globalForJobs.__coexJobs;
}

/** Registers a job; registering the same name again replaces it. */
export function registerPeriodicJob(job: PeriodicJob) {
  state().jobs.set(job.name, job);
}

/** Runs one job now and logs (never throws) its failure: the next tick tries again. */
export async function runJobOnce(job: PeriodicJob) {
  try {
    await job.run();
  } catch (error) {
    getLogger().error({ err: error, job: job.name }, "background job failed");
  }
}

/** Starts every registered job on its interval. A job never overlaps itself in one process. */
export function startJobRunner() {
  const runner = state();
  if (runner.started) return;
  runner.started = true;
  for (const job of runner.jobs.values()) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      await runJobOnce(job);
      running = false;
    };
    const timer = setInterval(tick, job.intervalMs);
    timer.unref();
    runner.timers.push(timer);
    void tick();
  }
}

export function stopJobRunner() {
  const runner = state();
  for (const timer of runner.timers) clearInterval(timer);
  runner.timers = [];
  runner.started = false;
}
