import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { DEMO_OWNER } from "../db/seed";
import { createThrowawayDatabase } from "../db/testing/database";
import { test as base, expect } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";
import { type HubProcess, startHubProcess } from "./support/hub-process";

/**
 * The demo's tour (docs/demo.md), step by step, on the demo as `npm run demo` starts it: a hub of its own in
 * demo mode (the e2e server runs in test mode, which seeds the demo data but does not connect the
 * live channel), where the live channel "Pastelaria Aurora" connects through the sandbox a few
 * seconds after start-up.
 *
 * 1. Inbox: its three waiting customers on top (one by username only); open one and reply.
 *    Then a reply that succeeds to every customer of the live channel (text inside the window,
 *    a template outside it).
 * 2. Sandbox phone: a customer writes, the app answers (echo), the clock moves a day: the
 *    composer offers templates only, with their price.
 * 3. Onboarding: a new sandbox number connects through a link; the funnel counts it.
 * 4. Costs and Health on what happened.
 *
 * It moves the sandbox clock of its own hub only; it runs in the `moves-clock` project all the
 * same, so its second server does not compete with the other specs for the machine.
 */
type DemoState = Awaited<ReturnType<BrowserContext["storageState"]>>;

const test = base.extend<object, { demoHub: HubProcess; demoOwnerState: DemoState }>({
  demoHub: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring
    async ({}, use) => {
      const database = process.env.DATABASE_URL
        ? await createThrowawayDatabase(process.env.DATABASE_URL, "tour")
        : null;
      const hub = await startHubProcess({
        HUB_MODE: "demo",
        LOG_LEVEL: "warn",
        ...(database ? { DATABASE_URL: database.url } : { PGLITE_DIR: "memory://" }),
      });
      try {
        await expect
          .poll(async () => (await fetch(`${hub.url}/api/health`).catch(() => null))?.status, {
            timeout: 90_000,
          })
          .toBe(200);
        await use(hub);
      } finally {
        await hub.stop();
        await database?.drop();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  // The demo owner's session on the demo hub, signed in once.
  demoOwnerState: [
    async ({ browser, demoHub }, use) => {
      const context = await browser.newContext({
        baseURL: demoHub.url,
        storageState: { cookies: [], origins: [] },
      });
      const page = await context.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(DEMO_OWNER.email);
      await page.getByLabel("Password").fill(DEMO_OWNER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  baseURL: async ({ demoHub }, use) => {
    await use(demoHub.url);
  },
  storageState: async ({ demoOwnerState }, use) => {
    await use(demoOwnerState);
  },
});

test.describe.configure({ mode: "serial" });

const LIVE = "Pastelaria Aurora";

async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

test.afterAll(async ({ request }) => {
  await request.post("/sandbox/api/clock", { data: { reset: true } });
});

/** The live channel's conversation rows on the Inbox, once the demo has connected it. */
async function liveRows(page: Page) {
  const rows = page.getByTestId("conversation-row").filter({ hasText: `via ${LIVE}` });
  await expect(async () => {
    await page.goto("/inbox");
    await expect(rows.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  return rows;
}

/** Sends one message to the open conversation: free text inside the window, else a template. */
async function replyAndExpectSent(page: Page, text: string) {
  const composer = page.getByTestId("composer");
  const mode = composer.getByTestId("composer-mode");
  await expect(mode).toBeVisible();
  let sent: string;
  if ((await mode.textContent())?.includes("Service window open")) {
    const box = composer.getByRole("textbox", { name: "Message" });
    await box.fill(text);
    await box.press("Enter");
    sent = text;
  } else {
    await composer
      .getByRole("combobox", { name: "Template" })
      .selectOption({ label: "spring_sale · marketing · en_US" });
    await composer.getByRole("button", { name: "Send template" }).click();
    sent = "Spring sale: 20% off everything until Sunday!";
  }
  const message = page.getByTestId("timeline").getByTestId("message").filter({ hasText: sent });
  await expect(message.last()).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
  await expect(message.last().getByTestId("ticks")).not.toHaveAttribute("data-status", "failed");
  await expect(page.getByText("The message was not sent")).toHaveCount(0);
}

test("1. Inbox: the waiting customers on top, a reply whose ticks follow", async ({ page }) => {
  const rows = await liveRows(page);
  const all = page.getByTestId("conversation-row");
  // The two customers who wrote after onboarding lead the Inbox (imported history does not).
  for (const i of [0, 1]) {
    await expect(all.nth(i)).toContainText(`via ${LIVE}`);
    await expect(all.nth(i)).toContainText("Window open");
  }
  await rows.first().click();
  await expect(page).toHaveURL(/from=inbox/);
  // The conversation belongs to the Inbox: the nav says so and the breadcrumb leads back.
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Inbox" }),
  ).toBeVisible();
  const box = page.getByTestId("composer").getByRole("textbox", { name: "Message" });
  await box.fill("Yes! Fresh from the oven at 4 pm.");
  await box.press("Enter");
  const reply = page
    .getByTestId("timeline")
    .getByTestId("message")
    .filter({ hasText: "Yes! Fresh from the oven at 4 pm." });
  await expect(reply).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
  // The sandbox phone reads what it receives: sent, delivered, then read.
  await expect(reply.getByTestId("ticks")).toHaveAttribute("data-status", "read", {
    timeout: 20_000,
  });
});

test("1b. a reply succeeds to every customer of the live channel", async ({ page }) => {
  test.setTimeout(180_000);
  const rows = await liveRows(page);
  const hrefs = await rows.evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThanOrEqual(8);
  for (const [i, href] of hrefs.entries()) {
    await page.goto(href);
    await replyAndExpectSent(page, `Obrigado! (${i + 1})`);
  }
});

test("2. Sandbox phone: a customer writes, the app answers, a day later templates only", async ({
  page,
  request,
}) => {
  await page.goto("/sandbox/phone");
  await expect(page.getByRole("heading", { name: "Live messages" })).toBeVisible();
  // The live channel's number and first customer, as the phone simulator lists them.
  const numbers = (await (await request.get("/sandbox/api/numbers")).json()) as {
    data: { phone_number_id: string; verified_name: string }[];
  };
  const live = numbers.data.find((n) => n.verified_name === LIVE)!;
  expect(live).toBeTruthy();
  const detail = await (await request.get(`/sandbox/api/numbers/${live.phone_number_id}`)).json();
  const customer = detail.contacts[0].wa_id as string;
  await sandbox(request, `numbers/${live.phone_number_id}/inbound`, {
    type: "text",
    from: customer,
    text: "One more question about Saturday",
  });
  await sandbox(request, `numbers/${live.phone_number_id}/echo`, {
    type: "text",
    to: customer,
    text: "Answered from the app",
  });
  // The customer who just wrote leads the Inbox.
  const rows = await liveRows(page);
  await expect(rows.first()).toContainText("Answered from the app", { timeout: 15_000 });
  const href = (await rows.first().getAttribute("href")) ?? "";
  await page.goto(href);
  const timeline = page.getByTestId("timeline");
  await expect(
    timeline.getByTestId("message").filter({ hasText: "Answered from the app" }).first(),
  ).toHaveAttribute("data-origin", "app", { timeout: 15_000 });

  await sandbox(request, "clock", { advance_seconds: 25 * 3600 });
  for (const row of await (await liveRows(page)).all()) {
    await expect(row).toContainText("Window closed");
  }
  await page.goto(href);
  const composer = page.getByTestId("composer");
  await expect(composer.getByTestId("composer-mode")).toContainText("Templates only");
  await expect(page.getByTestId("window-state")).toContainText("Window closed");
  await composer
    .getByRole("combobox", { name: "Template" })
    .selectOption({ label: "spring_sale · marketing · en_US" });
  await expect(composer.getByTestId("send-estimate")).toHaveAttribute("data-charged", "true");
  await sandbox(request, "clock", { reset: true });
});

test("3. Onboarding: a new number connects through a link, and the funnel counts the client", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.goto("/onboarding");
  const before = Number(
    (await page.getByTestId("funnel-started-count").textContent())?.trim() ?? "0",
  );
  const { channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Tour",
  });
  await page.goto(`/channels/${channelId}`);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Channels");
  await page.goto("/onboarding");
  await expect(page.getByTestId("funnel-started-count")).toHaveText(String(before + 1));
  await page.goto("/");
  await expect(page.getByTestId("brief-connected")).toContainText(/\d+ clients?/);
});

test("4. Costs and Health read what happened", async ({ page }) => {
  await page.goto("/costs");
  // The seeded template sends are charged: the range's spend is money, not zero.
  await expect(page.getByTestId("costs-spend")).toContainText(/\$\d+\.\d\d/);
  await expect(page.getByTestId("costs-spend")).not.toContainText("$0.00");
  await expect(page.getByTestId("spend-chart")).toBeVisible();
  await page.goto("/channels?q=5511987650001");
  await page.getByRole("link", { name: "+55 11 98765 0001" }).click();
  await page
    .getByRole("navigation", { name: "Channel sections" })
    .getByRole("link", { name: "Health" })
    .click();
  // Casa Lima's app was last used 11 days ago: the same fact on Health as in the channel table.
  await expect(page.getByText(/App not used for 11 days/).first()).toBeVisible();
  await expect(page.getByText(/sync was never requested/)).toHaveCount(0);
});
