import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Channel health with the sandbox: a number onboarded through the popup shows the companions
 * banner; the sandbox clock moves the 13-day rule (outside production the hub's health clock
 * follows the sandbox clock, lib/health/clock.ts); a disconnect and a reconnect.
 *
 * Serial, and the clock is put back at the end: the sandbox clock is shared by the whole server.
 */
test.describe.configure({ mode: "serial" });

const YES = [
  /version 2\.24\.17 or newer/,
  /at least 7 days/,
  /No payment method/,
  /not connected to another provider/,
];
const DAY = 86_400;

async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return response.json();
}

/** Onboards a fresh sandbox number through the client page and the popup; returns ids. */
async function onboardSandboxNumber(page: Page, request: APIRequestContext, baseURL: string) {
  const number = (await sandbox(request, "numbers", {
    display_name: `Health E2E ${randomBytes(3).toString("hex")}`,
    contacts: 2,
    history_days: 5,
  })) as { phone_number_id: string };
  const context = await page
    .context()
    .browser()!
    .newContext({ storageState: { cookies: [], origins: [] } });
  const client = await context.newPage();
  const state = `st-${randomBytes(3).toString("hex")}`;
  const redirect = `${baseURL}/sandbox/partner-site`;
  await client.goto(
    `/onboard/demo?partner=health-${state}&state=${state}&redirect_url=${encodeURIComponent(redirect)}`,
  );
  await client.getByLabel("Your WhatsApp Business number").fill("+55 11 98765 0003");
  for (const label of YES) await client.getByLabel(label).check();
  await client.getByRole("button", { name: "Check my number" }).click();
  await client.getByLabel(/I understand what changes/).check();
  const popupPromise = client.waitForEvent("popup");
  await client.getByRole("button", { name: "Connect with WhatsApp" }).click();
  const popup = await popupPromise;
  await popup.getByLabel("Business portfolio").selectOption(number.phone_number_id);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Next" }).click();
  const appCode = await popup.getByTestId("app-code").textContent();
  await popup.getByLabel("Code").fill(appCode ?? "");
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByLabel("Share chats", { exact: true }).check();
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Confirm" }).click();
  await expect(client).toHaveURL(/\/sandbox\/partner-site\?/, { timeout: 30_000 });
  const channels = await client.getByTestId("landing-channels").textContent();
  await context.close();
  // The partner site shows the channel ids as "[<uuid>]".
  const channelId = /[0-9a-f-]{36}/.exec(channels ?? "")?.[0];
  expect(channelId).toMatch(/^[0-9a-f-]{36}$/);
  return { phoneNumberId: number.phone_number_id, channelId };
}

/** Reloads the Health tab until the expectation holds (webhooks arrive asynchronously). */
async function eventually(page: Page, url: string, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout: 30_000 });
}

test.afterAll(async ({ request }) => {
  await request.post("/sandbox/api/clock", { data: { reset: true } });
});

test("companions banner, the 13-day rule on the sandbox clock, a disconnect and a reconnect", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber(page, request, baseURL!);
  const url = `/channels/${channelId}?tab=health`;
  const banner = (id: string) => page.locator(`[data-warning-id="${id}"]`);

  // After onboarding: every companion was unlinked; the acknowledgement removes the banner.
  await page.goto(url);
  await expect(banner("companions_unlinked")).toBeVisible();
  await banner("companions_unlinked").getByRole("button", { name: "Companions re-linked" }).click();
  await expect(banner("companions_unlinked")).toHaveCount(0);
  await expect(page.getByText("Linked devices re-linked")).toBeVisible();

  // 11 days without the app: a warning.
  await sandbox(request, "clock", { advance_seconds: 11 * DAY });
  await eventually(page, url, async () => {
    await expect(banner("app_inactivity")).toHaveAttribute("data-severity", "warning");
  });

  // 13 days: critical. An echo (the business typed in the app) clears it.
  await sandbox(request, "clock", { advance_seconds: 2 * DAY });
  await eventually(page, url, async () => {
    await expect(banner("app_inactivity")).toHaveAttribute("data-severity", "critical");
  });
  await sandbox(request, `numbers/${phoneNumberId}/echo`, { type: "text", text: "Still here" });
  await eventually(page, url, async () => {
    await expect(banner("app_inactivity")).toHaveCount(0);
  });

  // Meta disconnects for inactivity: critical, the reason in words; a reconnect clears it.
  await sandbox(request, `numbers/${phoneNumberId}/disconnect`, {
    reason: "PRIMARY_INACTIVITY",
    initiated_by: "SYSTEM",
  });
  await eventually(page, url, async () => {
    await expect(banner("disconnected")).toHaveAttribute("data-severity", "critical");
    await expect(banner("disconnected")).toContainText("not used for about 14 days");
  });
  await page.goto("/channels?order=severity");
  await expect(
    page.getByTestId("channels-table").locator('[data-worst-severity="critical"]').first(),
  ).toBeVisible();
  await sandbox(request, `numbers/${phoneNumberId}/reconnect`);
  await eventually(page, url, async () => {
    await expect(banner("disconnected")).toHaveCount(0);
  });
});
