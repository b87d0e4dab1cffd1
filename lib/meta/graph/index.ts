export * from "./client";
export * from "./errors";
export { type GraphConfig, type GraphOptions, graphConfig, retryAfterMs } from "./http";
export * from "./media";
export * from "./templates";
