import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

// The system Chromium (Debian's by default); without one, Playwright's own (scripts/ensure-browser.ts
// installs one of the two before the suite).
const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((path): path is string =>
  Boolean(path && existsSync(path)),
);
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// Specs that move the sandbox clock (global to the server): list each here, and nowhere else.
// The tour moves the clock of the demo hub it starts for itself; it runs here too, after the
// others, so that second server does not share the machine with a full set of workers.
const movesClock = /(health|composer|templates|tour)\.spec\.ts/;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      // Checks the seeded counts, so it runs before other specs onboard numbers to the demo partner.
      name: "seeded-state",
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/owner.json" },
      dependencies: ["setup"],
      testMatch: /auth\.spec\.ts/,
    },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/owner.json" },
      dependencies: ["seeded-state"],
      testIgnore: [/auth\.spec\.ts/, movesClock],
    },
    {
      // Specs that move the sandbox's clock, which is global to the server: they run alone,
      // after everything else, so a moved clock cannot expire another spec's signup code; and
      // one at a time (one worker, files in turn), so two of them never move it together.
      name: "moves-clock",
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/owner.json" },
      dependencies: ["chromium"],
      testMatch: movesClock,
      fullyParallel: false,
      workers: 1,
    },
  ],
  webServer: {
    // Starts the built app (`next build` runs first, in `npm run test:e2e`) on a fresh database.
    command: "npx tsx e2e/server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: { E2E_PORT: String(port) },
  },
});
