// One export point for drizzle-kit and the client. Each domain adds its own file here.

export * from "./chats";
export * from "./ingest";
export * from "./partners";
