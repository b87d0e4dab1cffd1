/** What the web process and its jobs thread say to each other (lib/jobs/jobs-thread.ts). */
export type ToJobsThread = { type: "wake" } | { type: "stop" };
export type FromJobsThread = { type: "ready" } | { type: "stopped" };
