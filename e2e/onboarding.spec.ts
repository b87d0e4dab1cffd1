import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * A client onboards through the public page and the sandbox's Embedded Signup popup; the partner
 * watches it on the Onboarding page.
 */

const YES = [
  /version 2\.24\.17 or newer/,
  /at least 7 days/,
  /No payment method/,
  /not connected to another provider/,
];

async function createSandboxNumber(
  request: APIRequestContext,
  options: { contacts?: number; history_days?: number; faults?: Record<string, unknown> } = {},
) {
  const response = await request.post("/sandbox/api/numbers", {
    data: {
      display_name: `Onboard E2E ${randomBytes(3).toString("hex")}`,
      contacts: 4,
      history_days: 20,
      ...options,
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as {
    phone_number_id: string;
    waba_id: string;
    display_phone_number: string;
  };
}

/** A browser with no hub session: the client has no account. */
async function clientPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  return { page, errors, close: () => context.close() };
}

async function passChecklist(page: Page, number: string) {
  await page.getByLabel("Your WhatsApp Business number").fill(number);
  for (const label of YES) await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Check my number" }).click();
}

async function openPopup(page: Page) {
  await page.getByLabel(/I understand what changes/).check();
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Connect with WhatsApp" }).click();
  const popup = await popupPromise;
  await expect(
    popup.getByRole("heading", { name: "Choose your business portfolio" }),
  ).toBeVisible();
  return popup;
}

async function completePopup(popup: Page, phoneNumberId: string) {
  await popup.getByLabel("Business portfolio").selectOption(phoneNumberId);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Next" }).click();
  const appCode = await popup.getByTestId("app-code").textContent();
  await popup.getByLabel("Code").fill(appCode ?? "");
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByLabel("Share chats", { exact: true }).check();
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Confirm" }).click();
}

test("a client connects through the popup, watches the history import reach 100% and lands on the partner's site; the partner sees the channel and its imported chats", async ({
  browser,
  page,
  request,
  baseURL,
}) => {
  // 12 customers with two months of chats: several history chunks, which this (slow) Meta sends
  // 2.5 s apart so the import can be watched rising.
  const CUSTOMERS = 12;
  const number = await createSandboxNumber(request, {
    contacts: CUSTOMERS,
    history_days: 60,
    faults: { spacing_ms: 2500 },
  });
  const client = await clientPage(browser);
  const state = `st-${randomBytes(3).toString("hex")}`;
  const redirect = `${baseURL}/sandbox/partner-site`;
  await client.page.goto(
    `/onboard/demo?partner=crm-e2e-${state}&state=${state}&redirect_url=${encodeURIComponent(redirect)}`,
  );
  await expect(
    client.page.getByRole("heading", {
      name: /Connect your WhatsApp Business app to Demo Partner/,
    }),
  ).toBeVisible();

  await passChecklist(client.page, `+${number.display_phone_number}`);
  const popup = await openPopup(client.page);
  await completePopup(popup, number.phone_number_id);

  await expect(client.page.getByTestId("onboarding-complete")).toBeVisible({ timeout: 20_000 });
  const percent = client.page.getByTestId("history-percent");
  // Part of the history is in, the rest on its way...
  await expect(percent).toHaveText(/^[1-9]\d?%$/, { timeout: 20_000 });
  await expect(client.page.getByRole("list", { name: "History received" })).toContainText(
    /\d+ messages/,
  );
  // ...then all of it, and only then the way back to the partner.
  await expect(percent).toHaveText("100%", { timeout: 30_000 });
  await expect(client.page.getByText("Your chat history is imported")).toBeVisible();
  await expect(
    client.page.getByRole("progressbar", { name: "Chat history import" }),
  ).toHaveAttribute("aria-valuenow", "100");
  await expect(client.page).toHaveURL(/\/sandbox\/partner-site\?/, { timeout: 20_000 });
  await expect(client.page.getByTestId("landing-state")).toHaveText(state);
  const clientId = (await client.page.getByTestId("landing-client").textContent()) ?? "";
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  const channels = (await client.page.getByTestId("landing-channels").textContent()) ?? "";
  expect(channels).toMatch(/^\[[0-9a-f-]{36}\]$/);
  const channelId = channels.slice(1, -1);
  expect(client.errors).toEqual([]);
  await client.close();

  // The partner finds the new channel under its client, with the imported chats.
  await page.goto(`/clients/${clientId}`);
  await expect(page.getByTestId("client-partner-payload")).toHaveText(`crm-e2e-${state}`);
  // Its sync state: the contacts arrived and the history import is complete.
  await expect(page.getByTestId("sync-contacts")).toHaveText("received");
  await expect(page.getByTestId("sync-history")).toHaveText("complete");
  await page.locator(`a[href="/channels/${channelId}"]`).click();
  await expect(page.getByTestId("channel-contacts-sync")).toHaveText(/^Received \d/);
  await expect(page.getByTestId("channel-history")).toHaveText(
    new RegExp(`^Complete: ${CUSTOMERS} chats, \\d+ messages imported$`),
  );
  await page
    .getByRole("navigation", { name: "Channel sections" })
    .getByRole("link", { name: "Chats" })
    .click();
  await page.getByLabel("Last message origin").selectOption("history");
  await expect(page.getByTestId("conversation-row")).toHaveCount(CUSTOMERS);

  await page.goto("/onboarding");
  await expect(page.getByTestId("funnel-history-count")).not.toHaveText("0");
});

test("a number from a blocked country is stopped before the popup, with the reason", async ({
  browser,
}) => {
  const client = await clientPage(browser);
  await client.page.goto("/onboard/demo");
  await passChecklist(client.page, "+234 803 123 4567");
  const failures = client.page.getByTestId("checklist-failures");
  await expect(failures).toContainText("Nigeria");
  await expect(client.page.getByRole("button", { name: "Connect with WhatsApp" })).toHaveCount(0);
  await client.close();
});

test("an invalid or tampered link gets a clear page", async ({ browser }) => {
  const client = await clientPage(browser);
  await client.page.goto("/onboard/no-such-partner");
  await expect(client.page.getByText("This onboarding link is not valid")).toBeVisible();
  await client.close();
});

test("a client who cancels in the popup shows up on the partner's funnel at that step", async ({
  browser,
  page,
  request,
}) => {
  await createSandboxNumber(request);
  const client = await clientPage(browser);
  await client.page.goto("/onboard/demo");
  await passChecklist(client.page, "+55 11 98765 0002");
  const popup = await openPopup(client.page);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Cancel" }).click();
  await expect(
    client.page.getByRole("alert").filter({ hasText: "closed the window" }),
  ).toBeVisible();
  await client.close();

  await page.goto("/onboarding");
  await expect(page.getByTestId("funnel-cancels")).toContainText("WABA_PHONE_PROFILE_PICKER");
  await expect(page.getByTestId("onboarding-sessions")).toContainText("cancelled");
});
