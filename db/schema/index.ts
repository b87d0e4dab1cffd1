// One export point for drizzle-kit and the client. Each domain adds its own file here.

export * from "./health";
export * from "./onboarding";
export * from "./partners";
export * from "./sandbox";
