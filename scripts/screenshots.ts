/**
 * Screenshots of the console's main pages at desktop (1440x900) and mobile (390x844) width, light
 * theme, into docs/screenshots/. Against a running hub with the demo data:
 *
 *   npm run demo                      # in one terminal (or any hub with the demo seed)
 *   npm run screenshots               # BASE_URL=http://localhost:3000 by default
 *
 * Uses the same browser as the e2e suite (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const outDir = process.env.SCREENSHOTS_DIR ?? join(process.cwd(), "docs/screenshots");
const email = process.env.SCREENSHOT_EMAIL ?? "owner@demo.test";
const password = process.env.SCREENSHOT_PASSWORD ?? "coex-demo-2026";

const viewports = {
  desktop: { width: 1440, height: 900 },
  mobile: { width: 390, height: 844 },
} as const;

/** Each page and how to reach it; a function when the address must be found first. */
const pages: { name: string; path: string | ((page: Page) => Promise<string>) }[] = [
  { name: "overview", path: "/" },
  { name: "inbox", path: "/inbox" },
  {
    name: "conversation",
    path: async (page) => {
      await page.goto(`${baseUrl}/inbox`);
      const row = page.getByTestId("conversation-row").first();
      await row.waitFor();
      return (await row.getAttribute("href")) ?? "/inbox";
    },
  },
  { name: "clients", path: "/clients" },
  { name: "channels", path: "/channels" },
  { name: "costs", path: "/costs" },
  { name: "onboarding", path: "/onboarding" },
  { name: "settings", path: "/settings" },
];

async function main() {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((path): path is string =>
      Boolean(path && existsSync(path)),
    ),
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    for (const [size, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ viewport, colorScheme: "light" });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      for (const entry of pages) {
        const path = typeof entry.path === "string" ? entry.path : await entry.path(page);
        await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" }).catch(() => {});
        await page.waitForTimeout(800); // charts animate in
        const file = join(outDir, `${entry.name}-${size}.png`);
        await page.screenshot({ path: file, fullPage: false });
        console.log(`wrote ${file}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
