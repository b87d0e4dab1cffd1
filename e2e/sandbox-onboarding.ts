import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect } from "./fixtures";

const YES = [
  /version 2\.24\.17 or newer/,
  /at least 7 days/,
  /No payment method/,
  /not connected to another provider/,
];

/**
 * Creates a sandbox number (control API) and onboards it to the demo partner as a client would:
 * the onboarding page, the checklist and the Embedded Signup look-alike popup, in a signed-out
 * browser context. Returns the sandbox's phone number id and the hub's channel id.
 */
export async function onboardSandboxNumber({
  browser,
  request,
  baseURL,
  name,
  number: extra = {},
}: {
  browser: Browser;
  request: APIRequestContext;
  baseURL: string;
  /** A prefix for the display name (a random suffix keeps runs apart). */
  name: string;
  /** More fields of `POST /sandbox/api/numbers` (`auto_read`, `faults`, ...). */
  number?: Record<string, unknown>;
}) {
  const created = await request.post("/sandbox/api/numbers", {
    data: {
      display_name: `${name} ${randomBytes(3).toString("hex")}`,
      contacts: 2,
      history_days: 5,
      ...extra,
    },
  });
  expect(created.status()).toBe(201);
  const number = (await created.json()) as { phone_number_id: string };

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page: Page = await context.newPage();
  const state = `st-${randomBytes(3).toString("hex")}`;
  const redirect = `${baseURL}/sandbox/partner-site`;
  await page.goto(
    `/onboard/demo?partner=e2e-${state}&state=${state}&redirect_url=${encodeURIComponent(redirect)}`,
  );
  await page.getByLabel("Your WhatsApp Business number").fill("+55 11 98765 0001");
  for (const label of YES) await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Check my number" }).click();
  await page.getByLabel(/I understand what changes/).check();
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Connect with WhatsApp" }).click();
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
  // The partner site shows the channel ids as "[<uuid>]".
  await expect(page.getByTestId("landing-channels")).toHaveText(/^\[[0-9a-f-]{36}\]$/, {
    timeout: 30_000,
  });
  const text = (await page.getByTestId("landing-channels").textContent()) ?? "";
  const channelId = /[0-9a-f-]{36}/.exec(text)?.[0] ?? "";
  await context.close();
  return { phoneNumberId: number.phone_number_id, channelId };
}
