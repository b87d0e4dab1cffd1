// One export point for drizzle-kit and the client. Each domain adds its own file here.

export * from "./auth";
export * from "./chats";
export * from "./costs";
export * from "./forwarding";
export * from "./health";
export * from "./ingest";
export * from "./onboarding";
export * from "./partners";
export * from "./sandbox";
export * from "./send";
export * from "./templates";
