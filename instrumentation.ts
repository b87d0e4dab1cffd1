export async function register() {
  // Migrations and the demo seed need Node.js (PGlite, postgres.js); the edge runtime skips them.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startHubOrExit } = await import("./lib/startup");
    await startHubOrExit();
  }
}
