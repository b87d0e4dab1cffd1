import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * Sending from the hub, with the sandbox playing Meta and the customer's phone: a customer writes
 * and the message appears live; the admin replies from the composer (free, inside the window),
 * the phone reads it and the ticks follow; the business answers in the app (echo); 25 hours
 * later the composer offers templates only, with their cost, and one is sent.
 *
 * It moves the sandbox clock, which the whole server shares: it runs in the `moves-clock`
 * project (one worker, after every other spec) and puts the clock back at the end.
 */
test.describe.configure({ mode: "serial" });

async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

test.afterAll(async ({ request }) => {
  await request.post("/sandbox/api/clock", { data: { reset: true } });
});

test("reply from the composer in the window, ticks as the phone reads, templates after it closes", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The customer's phone reads only when told to (control API), so the ticks can be watched.
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Composer E2E",
    number: { auto_read: false },
  });
  // A Brazilian mobile: the rate card prices Brazil, so the template's estimate has an amount.
  const customer = `55119${String(Date.now()).slice(-8)}`;
  await sandbox(request, `numbers/${phoneNumberId}/inbound`, {
    type: "text",
    from: customer,
    name: "Nina Composer",
    text: "Do you have the green teapot?",
  });

  await page.goto(`/channels/${channelId}/chats`);
  await page
    .getByTestId("conversation-row")
    .filter({ hasText: "Nina Composer" })
    .click({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Nina Composer" })).toBeVisible();
  const timeline = page.getByTestId("timeline");
  const composer = page.getByTestId("composer");
  const message = (text: string) => timeline.getByTestId("message").filter({ hasText: text });

  // The customer writes again while the page is open: it appears without a reload.
  await sandbox(request, `numbers/${phoneNumberId}/inbound`, {
    type: "text",
    from: customer,
    name: "Nina Composer",
    text: "The one in the window, 1 litre",
  });
  await expect(message("The one in the window, 1 litre")).toHaveAttribute(
    "data-origin",
    "customer",
  );

  // Inside the window: free text, the time left, and the estimate before sending.
  await expect(composer.getByTestId("composer-mode")).toContainText("Service window open");
  await expect(composer.getByTestId("composer-window-left")).toContainText(/\d+ h \d+ min left/);
  await expect(composer.getByTestId("send-estimate")).toContainText("Free");

  // Reply to the first message, with the keyboard: Shift+Enter adds a line, Enter sends.
  await message("Do you have the green teapot?")
    .getByRole("button", { name: /^Reply/ })
    .click();
  await expect(composer.getByTestId("composer-reply")).toContainText(
    "Do you have the green teapot?",
  );
  const box = composer.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();
  await box.pressSequentially("Yes, we do!");
  await box.press("Shift+Enter");
  await box.pressSequentially("Shall I keep it for you?");
  await box.press("Enter");
  await expect(box).toHaveValue("");
  await expect(composer.getByTestId("composer-reply")).toHaveCount(0);

  const reply = message("Shall I keep it for you?");
  await expect(reply).toHaveAttribute("data-origin", "api");
  await expect(reply.getByTestId("quote")).toContainText("Do you have the green teapot?");
  await expect(reply).toContainText("Yes, we do!\nShall I keep it for you?");
  // Meta accepted it (a wamid) and the phone got it; not read yet.
  await expect(reply).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
  await expect(reply.getByTestId("ticks")).toHaveAttribute("data-status", "delivered", {
    timeout: 15_000,
  });

  // The customer opens the chat on the phone.
  const read = await sandbox(request, `numbers/${phoneNumberId}/read`, { wa_id: customer });
  expect(read.read).toContain(await reply.getAttribute("data-wamid"));
  await expect(reply.getByTestId("ticks")).toHaveAttribute("data-status", "read", {
    timeout: 15_000,
  });
  await expect(reply.getByTestId("ticks")).toContainText("read");

  // The business answers in the WhatsApp Business App: the echo, labelled "app".
  await sandbox(request, `numbers/${phoneNumberId}/echo`, {
    type: "text",
    to: customer,
    text: "Kept it at the counter for you",
  });
  const echo = message("Kept it at the counter for you");
  await expect(echo).toHaveAttribute("data-origin", "app", { timeout: 15_000 });
  await expect(echo).toContainText("app");

  // 25 hours later the window is closed: templates only, with the reason and the cost.
  await sandbox(request, "clock", { advance_seconds: 25 * 3600 });
  await page.reload();
  await expect(composer.getByTestId("composer-mode")).toContainText("Templates only");
  await expect(composer.getByTestId("composer-mode")).toContainText("131047");
  await expect(composer.getByRole("textbox", { name: "Message" })).toHaveCount(0);

  await composer
    .getByRole("combobox", { name: "Template" })
    .selectOption({ label: "order_update · utility · en_US" });
  const send = composer.getByRole("button", { name: "Send template" });
  await expect(send).toBeDisabled();
  await composer.getByLabel("Body {{1}}").fill("A-1029");
  await expect(composer.getByTestId("template-preview")).toHaveText(
    "Your order A-1029 is on its way.",
  );
  // A utility template outside the window is charged, at Brazil's utility rate.
  await expect(composer.getByTestId("send-estimate")).toContainText("Charged USD 0.0068");
  await expect(composer.getByTestId("send-estimate")).toHaveAttribute("data-charged", "true");
  await send.click();

  const template = message("Your order A-1029 is on its way.");
  await expect(template).toHaveAttribute("data-origin", "api");
  await expect(template).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
  await expect(template.getByTestId("ticks")).toHaveAttribute("data-status", "delivered", {
    timeout: 15_000,
  });

  // Meta refuses a send the hub could not foresee: the business offboarded the number and the
  // webhook that would have told the hub is lost (its URL is dead). Meta's reason shows in a
  // toast and stays on the message.
  const patched = await request.patch(`/sandbox/api/numbers/${phoneNumberId}`, {
    data: { webhook_url: "http://127.0.0.1:9/lost" },
  });
  expect(patched.ok()).toBe(true);
  await sandbox(request, `numbers/${phoneNumberId}/offboard`);
  await composer
    .getByRole("combobox", { name: "Template" })
    .selectOption({ label: "spring_sale · marketing · en_US" });
  await expect(composer.getByTestId("send-estimate")).toContainText("Charged USD 0.0625");
  await composer.getByRole("button", { name: "Send template" }).click();
  await expect(
    page
      .getByRole("region", { name: /Notifications/ })
      .getByText("Meta refused the message", { exact: true }),
  ).toBeVisible();
  const refused = message("Spring sale: 20% off everything until Sunday!");
  await expect(refused.getByTestId("ticks")).toHaveAttribute("data-status", "failed");
  await expect(refused.getByTestId("ticks")).toContainText("133010");
  await expect(refused).toHaveCount(1);
});
