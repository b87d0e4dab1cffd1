// Stands in for `server-only` under vitest, which does not run as a React server.
export {};
