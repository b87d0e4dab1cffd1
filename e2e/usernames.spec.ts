import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * Usernames and BSUIDs (#18), end to end: on the sandbox's phone simulator a customer adopts a
 * username and hides their number, then writes; the hub files the conversation under the
 * username, with no number anywhere; the partner answers from the composer, the hub sends to the
 * customer's BSUID, and the simulated phone shows the reply reaching that customer.
 */

type Customer = { wa_id: string; user_id: string; username: string | null; label: string };

async function customerNamed(request: APIRequestContext, phoneNumberId: string, username: string) {
  const detail = await (await request.get(`/sandbox/api/numbers/${phoneNumberId}`)).json();
  return (detail.customers as Customer[]).find((c) => c.username === username)!;
}

test("a username-only customer writes from the sandbox phone and gets the composer's reply", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Usernames E2E",
  });
  const username = `bob_${randomBytes(3).toString("hex")}`;
  const question = "Hi! Do you deliver on Sundays?";
  const reply = "Yes, Sundays from 10 to 2.";

  // On the phone simulator: a new customer with a username who hides the number, and writes.
  await page.goto("/sandbox/phone");
  await page.getByLabel("Number", { exact: true }).selectOption(phoneNumberId);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Profile name").fill("Bob Sunday");
  await expect(page.getByLabel(/Hide the number/)).toBeChecked();
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByRole("status")).toHaveText("Customer added: done");
  await expect(page.getByLabel("Customer", { exact: true })).toHaveValue(/^\d+$/);
  await expect(page.getByLabel("Customer", { exact: true }).locator("option:checked")).toHaveText(
    `Bob Sunday @${username} (number hidden)`,
  );
  await page.getByLabel("Text", { exact: true }).first().fill(question);
  await page.getByRole("button", { name: "Send as customer" }).click();
  await expect(page.getByRole("status")).toHaveText("Customer message: done");
  await expect(page.getByTestId("live-message").filter({ hasText: question })).toContainText(
    `@${username}`,
  );

  // What the sandbox knows and the hub must never see: the customer's number.
  const bob = await customerNamed(request, phoneNumberId, username);
  const hiddenDigits = bob.wa_id.slice(-4);

  // The hub's inbox lists the conversation under the username, with no number.
  await page.goto(`/channels/${channelId}/chats`);
  const row = page.getByTestId("conversation-row").filter({ hasText: `@${username}` });
  await expect(row).toContainText(question, { timeout: 20_000 });
  await expect(row).not.toContainText(hiddenDigits);
  await row.click();
  await expect(page.getByTestId("customer-handle")).toContainText(`@${username}`);
  await expect(page.getByTestId("customer-handle")).not.toContainText(hiddenDigits);
  const timeline = page.getByTestId("timeline");
  await expect(timeline.getByTestId("message").filter({ hasText: question })).toHaveAttribute(
    "data-origin",
    "customer",
  );

  // The partner answers from the composer, inside the service window the message opened.
  const composer = page.getByTestId("composer");
  await expect(composer.getByTestId("composer-mode")).toContainText("Service window open");
  const box = composer.getByRole("textbox", { name: "Message" });
  await box.fill(reply);
  await box.press("Enter");
  const sent = timeline.getByTestId("message").filter({ hasText: reply });
  await expect(sent).toHaveAttribute("data-origin", "api");
  await expect(sent).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
  await expect(sent.getByTestId("ticks")).toHaveAttribute("data-status", /delivered|read/, {
    timeout: 15_000,
  });
  const wamid = (await sent.getAttribute("data-wamid")) ?? "";

  // Meta (the sandbox) named the recipient by BSUID alone in the statuses: the hub sent to it.
  const deliveries = await (
    await request.get(`/sandbox/api/deliveries?phone_number_id=${phoneNumberId}&field=messages`)
  ).json();
  const statuses = (deliveries.data as { body: unknown }[])
    .map((d) => JSON.stringify(d.body))
    .filter((body) => body.includes(wamid));
  expect(statuses.length).toBeGreaterThan(0);
  for (const body of statuses) {
    expect(body).toContain(`"recipient_user_id":"${bob.user_id}"`);
    expect(body).not.toContain(bob.wa_id);
  }

  // The phone simulator shows the reply reaching that customer.
  await page.goto("/sandbox/phone");
  await page.getByLabel("Number", { exact: true }).selectOption(phoneNumberId);
  const received = page.getByTestId("live-message").filter({ hasText: reply });
  await expect(received).toHaveAttribute("data-direction", "api");
  await expect(received).toContainText(`@${username}`);
});
