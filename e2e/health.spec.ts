import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * Channel health with the sandbox: a number onboarded through the popup shows the companions
 * banner; the sandbox clock moves the 13-day rule (outside production the hub's health clock
 * follows the sandbox clock, lib/health/clock.ts); a disconnect and a reconnect.
 *
 * Serial, and the clock is put back at the end: the sandbox clock is shared by the whole server.
 */
test.describe.configure({ mode: "serial" });

const DAY = 86_400;

async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return response.json();
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
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser: page.context().browser()!,
    request,
    baseURL: baseURL!,
    name: "Health E2E",
  });
  const url = `/channels/${channelId}/health`;
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
