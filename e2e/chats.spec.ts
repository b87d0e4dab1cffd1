import { expect, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * Mirrored chats with the sandbox: a business onboards (Embedded Signup look-alike), a customer
 * writes through the control API and the message appears live in the open conversation; what the
 * business types in the app arrives as an echo labelled "app"; a customer's photo shows as the image.
 */

test("a customer's message, photo and the app's echo appear live in the conversation", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Chats E2E",
  });
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

  await page.goto(`/channels/${channelId}/chats`);
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
  // A photo from the customer shows as the image itself, fetched from Meta (the sandbox) through the hub.
  const photo = await request.post(`/sandbox/api/numbers/${phoneNumberId}/inbound`, {
    data: { type: "image", from: customer, name: "Rita E2E", caption: "Is it this blue vase?" },
  });
  expect(photo.status()).toBe(201);
  const image = timeline
    .getByTestId("message")
    .filter({ hasText: "Is it this blue vase?" })
    .getByRole("img", { name: "Is it this blue vase?" });
  await expect(image).toBeVisible({ timeout: 10_000 });
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);

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

test("a reply the hub refuses stays on screen as failed, with the reason, also after a reload", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Refusal E2E",
  });
  // A number no numbering plan has (+999): the hub refuses to send to it before calling Meta.
  const wrote = await request.post(`/sandbox/api/numbers/${phoneNumberId}/inbound`, {
    data: { type: "text", from: "999123456", name: "Odd Number", text: "Anyone there?" },
  });
  expect(wrote.status()).toBe(201);
  await page.goto(`/channels/${channelId}/chats`);
  const row = page.getByTestId("conversation-row").filter({ hasText: "Odd Number" });
  await expect(row).toContainText("Anyone there?", { timeout: 15_000 });
  await row.click();

  const box = page.getByTestId("composer").getByRole("textbox", { name: "Message" });
  await box.fill("Yes, how can I help?");
  await box.press("Enter");
  const refused = page
    .getByTestId("timeline")
    .getByTestId("message")
    .filter({ hasText: "Yes, how can I help?" });
  await expect(refused.getByTestId("ticks")).toHaveAttribute("data-status", "failed");
  await expect(refused).toContainText("Not a phone number");

  // Never stored (nothing reached Meta), yet still there after a reload, with its reason.
  await page.reload();
  await expect(refused.getByTestId("ticks")).toHaveAttribute("data-status", "failed");
  await expect(refused).toContainText("Not a phone number");
  await expect(refused).toHaveCount(1);
});
