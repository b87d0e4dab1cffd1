import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Mirrored chats with the sandbox: a business onboards (Embedded Signup look-alike), a customer
 * writes through the control API and the message appears live in the open conversation; what the
 * business types in the app arrives as an echo labelled "app".
 */

async function onboardSandboxNumber(browser: Browser, request: APIRequestContext, baseURL: string) {
  const created = await request.post("/sandbox/api/numbers", {
    data: {
      display_name: `Chats E2E ${randomBytes(3).toString("hex")}`,
      contacts: 2,
      history_days: 5,
    },
  });
  expect(created.status()).toBe(201);
  const number = (await created.json()) as { phone_number_id: string };

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const state = `st-${randomBytes(3).toString("hex")}`;
  const redirect = `${baseURL}/sandbox/partner-site`;
  await page.goto(
    `/onboard/demo?partner=chats-e2e-${state}&state=${state}&redirect_url=${encodeURIComponent(redirect)}`,
  );
  await page.getByLabel("Your WhatsApp Business number").fill("+55 11 98765 0001");
  for (const label of [
    /version 2\.24\.17 or newer/,
    /at least 7 days/,
    /No payment method/,
    /not connected to another provider/,
  ]) {
    await page.getByLabel(label).check();
  }
  await page.getByRole("button", { name: "Check my number" }).click();
  await page.getByLabel(/I understand what changes/).check();
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Connect with WhatsApp" }).click();
  const popup: Page = await popupPromise;
  await popup.getByLabel("Business portfolio").selectOption(number.phone_number_id);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Next" }).click();
  const appCode = await popup.getByTestId("app-code").textContent();
  await popup.getByLabel("Code").fill(appCode ?? "");
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByLabel("Share chats", { exact: true }).check();
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("landing-channels")).toHaveText(/^\[[0-9a-f-]{36}\]$/, {
    timeout: 30_000,
  });
  const text = (await page.getByTestId("landing-channels").textContent()) ?? "";
  const channelId = /[0-9a-f-]{36}/.exec(text)?.[0] ?? "";
  await context.close();
  return { phoneNumberId: number.phone_number_id, channelId };
}

test("a customer's message and the app's echo appear live in the conversation", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber(browser, request, baseURL!);
  const customer = `4477${String(Date.now()).slice(-8)}`;
  const first = await request.post(`/sandbox/api/numbers/${phoneNumberId}/inbound`, {
    data: {
      type: "text",
      from: customer,
      name: "Rita E2E",
      text: "Hello, is the blue vase available?",
    },
  });
  expect(first.status()).toBe(201);

  await page.goto(`/channels/${channelId}?tab=chats`);
  const row = page.getByTestId("conversation-row").filter({ hasText: "Rita E2E" });
  await expect(row).toContainText("Hello, is the blue vase available?", { timeout: 15_000 });
  await expect(row).toContainText("Window open");
  await row.click();
  await expect(page.getByRole("heading", { name: "Rita E2E" })).toBeVisible();
  await expect(page.getByTestId("window-state")).toContainText("Window open");
  const timeline = page.getByTestId("timeline");
  await expect(
    timeline.getByTestId("message").filter({ hasText: "Hello, is the blue vase available?" }),
  ).toHaveAttribute("data-origin", "customer");
  await expect(page.getByTestId("window-opened").first()).toBeVisible();

  // While the page stays open: the customer writes again, then the business answers in the app.
  await request.post(`/sandbox/api/numbers/${phoneNumberId}/inbound`, {
    data: { type: "text", from: customer, name: "Rita E2E", text: "And the price?" },
  });
  await expect(timeline.getByTestId("message").filter({ hasText: "And the price?" })).toBeVisible({
    timeout: 10_000,
  });
  const echo = await request.post(`/sandbox/api/numbers/${phoneNumberId}/echo`, {
    data: { type: "text", to: customer, text: "Yes, 40 euros, shall I keep it?" },
  });
  expect(echo.status()).toBe(201);
  const echoed = timeline.getByTestId("message").filter({ hasText: "Yes, 40 euros" });
  await expect(echoed).toBeVisible({ timeout: 10_000 });
  await expect(echoed).toHaveAttribute("data-origin", "app");
  await expect(echoed).toContainText("app");

  // The all-channels inbox lists the conversation with the app's answer last.
  await page.goto("/inbox");
  await expect(page.getByTestId("conversation-row").filter({ hasText: "Rita E2E" })).toContainText(
    "Yes, 40 euros",
  );
});
