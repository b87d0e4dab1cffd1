/**
 * Before the e2e suite (and the screenshot script): makes sure a Chromium is there, so
 * `npm install && npm test` works on a machine with only Node.
 *
 * 1. CHROMIUM_PATH, or Debian's /usr/bin/chromium (also chromium-browser, google-chrome): used.
 * 2. Debian/Ubuntu and allowed to install (root, or sudo without a password): apt-get install chromium.
 * 3. Otherwise Playwright's own Chromium (`npx playwright install chromium`, a download).
 * If none works, it says what to do and fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const candidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter((p): p is string => Boolean(p));

function found() {
  return candidates.find((p) => existsSync(p)) ?? null;
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { stdio: "inherit" }).status === 0;
}

function canInstallWithApt() {
  if (!existsSync("/usr/bin/apt-get")) return null;
  if (process.getuid?.() === 0) return [] as string[];
  try {
    execFileSync("sudo", ["-n", "true"], { stdio: "ignore" });
    return ["sudo", "-n"];
  } catch {
    return null;
  }
}

function playwrightChromium() {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export function ensureBrowser(): string {
  const system = found();
  if (system) return system;
  const bundled = playwrightChromium();
  if (bundled) return bundled;

  const prefix = canInstallWithApt();
  if (prefix) {
    console.log(
      "[browser] No Chromium found: installing Debian's package (apt-get install chromium).",
    );
    const [cmd, ...rest] = prefix.length ? prefix : ["env"];
    run(cmd!, [...rest, "apt-get", "update", "-qq"]);
    if (run(cmd!, [...rest, "apt-get", "install", "-y", "-qq", "chromium"]) && found())
      return found()!;
  }
  console.log("[browser] Trying Playwright's own Chromium (npx playwright install chromium).");
  if (run("npx", ["playwright", "install", "chromium"])) {
    const path = playwrightChromium();
    if (path) return path;
  }
  console.error(
    [
      "[browser] No Chromium for the end-to-end tests, and none could be installed.",
      "  Install one, then run the command again:",
      "    Debian/Ubuntu:  sudo apt-get install chromium",
      "    any system:     npx playwright install --with-deps chromium",
      "  or point CHROMIUM_PATH at a Chromium or Chrome binary.",
    ].join("\n"),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`[browser] ${ensureBrowser()}`);
}
