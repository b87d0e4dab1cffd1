import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, signedOut, test } from "./fixtures";

/**
 * The sandbox's Embedded Signup, end to end through the built app: a page loads /sandbox/sdk.js,
 * FB.login opens the sandbox popup, the popup posts Meta's messages and hands over a code, and the
 * sandbox Graph exchanges that code once.
 */
test.use(signedOut);

async function createNumber(request: APIRequestContext, body: Record<string, unknown> = {}) {
  const name = `E2E Shop ${randomBytes(3).toString("hex")}`;
  const response = await request.post("/sandbox/api/numbers", {
    data: { display_name: name, ...body },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as {
    phone_number_id: string;
    waba_id: string;
    business_id: string;
  };
}

async function openPopup(page: Page) {
  await page.goto("/sandbox/try-signup");
  const launch = page.getByRole("button", { name: "Connect WhatsApp Business app" });
  await expect(launch).toBeEnabled();
  const popupPromise = page.waitForEvent("popup");
  await launch.click();
  const popup = await popupPromise;
  await expect(
    popup.getByRole("heading", { name: "Choose your business portfolio" }),
  ).toBeVisible();
  return popup;
}

test("a business connects its app through the sandbox popup and the code is exchanged once", async ({
  page,
  request,
}) => {
  const number = await createNumber(request);
  const popup = await openPopup(page);
  await popup.getByLabel("Business portfolio").selectOption(number.phone_number_id);
  await popup.getByRole("button", { name: "Next" }).click();
  await expect(
    popup.getByRole("heading", { name: "Connect your WhatsApp Business app" }),
  ).toBeVisible();
  await popup.getByRole("button", { name: "Next" }).click();
  const appCode = await popup.getByTestId("app-code").textContent();
  await popup.getByLabel("Code").fill(appCode ?? "");
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByLabel("Don't share chats").check();
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Confirm" }).click();

  await expect(page.getByTestId("signup-events")).toContainText(
    `"event":"FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING","wabaId":"${number.waba_id}","phoneNumberId":"${number.phone_number_id}"`,
  );
  await expect(page.getByTestId("login-status")).toHaveText("connected");
  const code = (await page.getByTestId("login-code").textContent()) ?? "";
  expect(code).not.toBe("");

  const exchange = (c: string) =>
    request.get(
      `/sandbox/graph/v25.0/oauth/access_token?client_id=sandbox-app&client_secret=sandbox-app-secret&code=${encodeURIComponent(c)}`,
    );
  const first = await exchange(code);
  expect(first.status()).toBe(200);
  const { access_token } = (await first.json()) as { access_token: string };
  expect(access_token).toBeTruthy();

  const second = await exchange(code);
  expect(second.status()).toBe(400);
  expect((await second.json()).error).toMatchObject({ code: 100, error_subcode: 36009 });

  // The token sees the onboarded number as a coexistence number.
  const phone = await request.get(
    `/sandbox/graph/v25.0/${number.phone_number_id}?fields=is_on_biz_app,platform_type`,
    { headers: { authorization: `Bearer ${access_token}` } },
  );
  expect(await phone.json()).toEqual({
    id: number.phone_number_id,
    is_on_biz_app: true,
    platform_type: "CLOUD_API",
  });
  const state = await (await request.get(`/sandbox/api/numbers/${number.phone_number_id}`)).json();
  expect(state).toMatchObject({ status: "connected", share_history: false });
});

test("cancelling in the popup reports the step and gives no code", async ({ page, request }) => {
  const number = await createNumber(request);
  const popup = await openPopup(page);
  await popup.getByLabel("Business portfolio").selectOption(number.phone_number_id);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("signup-events")).toContainText(
    `{"kind":"cancel","currentStep":"PHONE_NUMBER_VERIFICATION"}`,
  );
  await expect(page.getByTestId("login-status")).toHaveText("unknown");
  await expect(page.getByTestId("login-code")).toHaveText("");
});

test("a number that is not eligible ends with Meta's error message", async ({ page, request }) => {
  const number = await createNumber(request, { eligible: false });
  const popup = await openPopup(page);
  await popup.getByLabel("Business portfolio").selectOption(number.phone_number_id);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.getByRole("button", { name: "Next" }).click();
  await expect(popup.getByText("not eligible")).toBeVisible();
  await expect(page.getByTestId("signup-events")).toContainText(`"kind":"error"`);
  await expect(page.getByTestId("login-status")).toHaveText("unknown");
});

test("the sandbox serves Meta's SDK surface", async ({ request }) => {
  const response = await request.get("/sandbox/sdk.js");
  expect(response.headers()["content-type"]).toContain("javascript");
  const body = await response.text();
  expect(body).toContain("FB.login");
  expect(body).toContain("FB.init");
});

test("the phone simulator sends a customer's message as a webhook", async ({ page }) => {
  await page.goto("/sandbox/phone");
  const name = `Sim Shop ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Display name").fill(name);
  await page.getByRole("button", { name: "Create number" }).click();
  await expect(page.getByRole("status")).toHaveText("Create number: done");
  await expect(page.getByLabel("Number", { exact: true })).toContainText(name);
  await page.getByLabel("Text", { exact: true }).first().fill("Is the shop open?");
  await page.getByRole("button", { name: "Send as customer" }).click();
  await expect(page.getByRole("status")).toHaveText("Customer message: done");
  await expect(page.getByText("Is the shop open?")).toBeVisible();
  await expect(page.getByText(/#\d+ messages/)).toBeVisible();
});
