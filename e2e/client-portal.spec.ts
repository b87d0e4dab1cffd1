import type { APIRequestContext } from "@playwright/test";
import { expect, signedOut, test } from "./fixtures";
import { onboardSandboxNumber } from "./sandbox-onboarding";

/**
 * The client portal (#15): an owner invites a user of one client from the client's page; that
 * user sets a password through the one-time link, signs in on the same page, sees only its own
 * channels, replies to a customer, downloads its costs CSV; another client's channel, and the
 * partner's own pages, answer 404 (an old `?tab=` link to a partner tab stays on the overview).
 */
async function sandbox(request: APIRequestContext, path: string, data: unknown = {}) {
  const response = await request.post(`/sandbox/api/${path}`, { data });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

test("an owner invites a client user, who sees and answers only its own client's channels", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // A client of its own (the onboarding creates it), so the seeded clients stay as they are.
  const { phoneNumberId, channelId } = await onboardSandboxNumber({
    browser,
    request,
    baseURL: baseURL!,
    name: "Portal E2E",
  });

  // Another client's channel, as the owner sees it.
  await page.goto("/channels?q=Berlin");
  const foreignHref = await page
    .getByTestId("channels-table")
    .getByRole("link")
    .filter({ hasText: /^\+/ })
    .first()
    .getAttribute("href");
  expect(foreignHref).toMatch(/^\/channels\/[0-9a-f-]{36}$/);

  // The owner invites from the client's page.
  await page.goto(`/channels/${channelId}`);
  await page.locator('main a[href^="/clients/"]').first().click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  const email = `e2e-client-${Date.now()}@demo.test`;
  const users = page.getByTestId("client-users");
  await users.getByLabel("Email").fill(email);
  await users.getByRole("button", { name: "Invite" }).click();
  const link = (await users.getByTestId("secret-value").textContent()) ?? "";
  expect(link).toMatch(/\/set-password\/[\w-]{43}$/);

  // The client user sets a password and signs in on the same sign-in page.
  const context = await browser.newContext(signedOut);
  const client = await context.newPage();
  await client.goto(new URL(link).pathname);
  await client.getByLabel("New password").fill("portal client secret");
  await client.getByLabel("Repeat the password").fill("portal client secret");
  await client.getByRole("button", { name: "Set password" }).click();
  await expect(client.getByTestId("password-set")).toBeVisible();
  await client.getByLabel("Email").fill(email);
  await client.getByLabel("Password").fill("portal client secret");
  await client.getByRole("button", { name: "Sign in" }).click();

  // Its home is its channels: one row, its own; the navigation offers only what it may open.
  await expect(client).toHaveURL(/\/channels$/);
  const table = client.getByTestId("channels-table");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name: /^\+/ })).toHaveAttribute(
    "href",
    `/channels/${channelId}`,
  );
  const nav = client.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Onboarding", "Channels", "Inbox", "Costs"]);

  // A customer writes; the client user replies from the composer.
  const customer = `55119${String(Date.now()).slice(-8)}`;
  await sandbox(request, `numbers/${phoneNumberId}/inbound`, {
    type: "text",
    from: customer,
    name: "Paula Portal",
    text: "Is the shop open on Sunday?",
  });
  await client.goto(`/channels/${channelId}/chats`);
  await client
    .getByTestId("conversation-row")
    .filter({ hasText: "Paula Portal" })
    .click({ timeout: 15_000 });
  const box = client.getByTestId("composer").getByRole("textbox", { name: "Message" });
  await box.fill("Yes, from 10 to 4.");
  await box.press("Enter");
  const reply = client
    .getByTestId("timeline")
    .getByTestId("message")
    .filter({ hasText: "Yes, from 10 to 4." });
  await expect(reply).toHaveAttribute("data-wamid", /^wamid\./, { timeout: 15_000 });

  // Its costs, as CSV: its own channel only.
  await client.goto("/costs");
  await expect(client.getByRole("table", { name: "Channel costs" })).toBeVisible();
  await expect(client.getByRole("table", { name: "Client costs", exact: true })).toHaveCount(0);
  const [download] = await Promise.all([
    client.waitForEvent("download"),
    client.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text.split("\r\n")[0]).toContain("client_id");
  for (const line of text.split("\r\n").slice(1).filter(Boolean)) {
    expect(line).toContain(channelId);
  }

  // Another client's channel, and the partner's pages: not found (HTTP 404).
  const closed = [
    foreignHref!,
    // A tab of a foreign or malformed channel: the layout's 404, above the tab's loading boundary.
    `${foreignHref}/chats`,
    "/channels/not-a-uuid/costs",
    // The partner's plumbing, on the client user's own channel.
    ...["webhooks", "api-keys", "events"].map((tab) => `/channels/${channelId}/${tab}`),
    "/clients",
    "/settings",
    "/webhooks",
    "/api-docs",
  ];
  for (const path of closed) {
    const response = await client.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  const exported = await client.request.get("/clients/export");
  expect(exported.status()).toBe(404);

  // An old ?tab= link: a tab it may see redirects to the tab's address; a partner-only one stays
  // on the overview (its own address would be the 404 above), not a redirect to a 404.
  const oldChats = await client.request.get(`/channels/${channelId}?tab=chats`, {
    maxRedirects: 0,
  });
  expect(oldChats.status()).toBe(307);
  expect(oldChats.headers().location).toBe(`/channels/${channelId}/chats`);
  for (const tab of ["webhooks", "api-keys", "events"]) {
    const old = `/channels/${channelId}?tab=${tab}`;
    const response = await client.request.get(old, { maxRedirects: 0 });
    expect(response.status(), old).toBe(200);
  }
  await client.goto(`/channels/${channelId}?tab=events`);
  const sections = client.getByRole("navigation", { name: "Channel sections" });
  await expect(sections.getByRole("link", { name: "Overview" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(sections.getByRole("link", { name: "Events" })).toHaveCount(0);
  await context.close();
});
