import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * Templates end to end, with the sandbox playing Meta's review: a template created in the
 * console goes PENDING ("In review") then APPROVED by the status webhook alone, and is sent from
 * the composer outside the service window with its price.
 *
 * It moves the sandbox clock (25 hours, to close the window): it runs in the `moves-clock`
 * project and puts the clock back at the end.
 */
test.describe.configure({ mode: "serial" });

async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

test.afterAll(async ({ request }) => {
  await request.post("/sandbox/api/clock", { data: { reset: true } });
  await request.post("/sandbox/api/templates/settings", { data: { review_delay_ms: 3000 } });
});

test("create a template, watch it go from review to approved, send it outside the window with its price", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Templates E2E",
  });
  // Long enough to see "In review" on a busy machine.
  await sandbox(request, "templates/settings", { review_delay_ms: 6000 });
  const customer = `55119${String(Date.now()).slice(-8)}`;
  await sandbox(request, `numbers/${phoneNumberId}/inbound`, {
    type: "text",
    from: customer,
    name: "Tito Templates",
    text: "Is my table ready?",
  });

  await page.goto(`/channels/${channelId}/templates`);
  const table = page.getByRole("table", { name: "Message templates" });
  await expect(table.locator("tr[data-template='order_update']")).toContainText("Approved");

  // The price per send follows the category chosen (the channel's market: Brazil).
  const form = page
    .getByRole("form")
    .or(page.locator("form"))
    .filter({ hasText: "Submit for review" });
  await form.getByLabel("Category").selectOption("MARKETING");
  await expect(form.getByTestId("template-price")).toContainText("USD 0.0625 per send in Brazil");
  await form.getByLabel("Category").selectOption("UTILITY");
  await expect(form.getByTestId("template-price")).toContainText("USD 0.0068 per send in Brazil");

  // Meta's rules are checked before Meta sees it.
  const name = `table_ready_${Date.now().toString(36)}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Body", { exact: true }).fill("{{1}}");
  await form.getByLabel("Example for {{1}}").fill("Ana");
  await form.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByRole("alert")).toContainText("does not follow Meta's rules");
  await expect(form.getByText("cannot start or end with a parameter")).toBeVisible();
  // A refused submission keeps what was typed: only the body needs fixing.
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(form.getByLabel("Example for {{1}}")).toHaveValue("Ana");

  await form
    .getByLabel("Body", { exact: true })
    .fill("Hello {{1}}, your table is ready at the front desk.");
  await form.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByText(`${name} submitted`)).toBeVisible();
  const row = table.locator(`tr[data-template='${name}']`);
  await expect(row.getByTestId("template-status")).toHaveText("In review");
  // The status webhook arrives after the review; the page follows it without a reload.
  await expect(row.getByTestId("template-status")).toHaveText("Approved", { timeout: 30_000 });
  await expect(row).toContainText("Utility · USD 0.0068");

  // 25 hours later the window is closed: the composer offers the new template, priced.
  await sandbox(request, "clock", { advance_seconds: 25 * 3600 });
  await page.goto(`/channels/${channelId}/chats`);
  await page
    .getByTestId("conversation-row")
    .filter({ hasText: "Tito Templates" })
    .click({ timeout: 15_000 });
  const composer = page.getByTestId("composer");
  await expect(composer.getByTestId("composer-mode")).toContainText("Templates only");
  await composer
    .getByRole("combobox", { name: "Template" })
    .selectOption({ label: `${name} · utility · en_US` });
  await composer.getByLabel("Body {{1}}").fill("Tito");
  await expect(composer.getByTestId("template-preview")).toHaveText(
    "Hello Tito, your table is ready at the front desk.",
  );
  await expect(composer.getByTestId("send-estimate")).toContainText("Charged USD 0.0068");
  await composer.getByRole("button", { name: "Send template" }).click();
  const sent = page
    .getByTestId("timeline")
    .getByTestId("message")
    .filter({ hasText: "Hello Tito, your table is ready at the front desk." });
  await expect(sent).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });
});
