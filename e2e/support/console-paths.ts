import type { Page } from "@playwright/test";

/** Addresses found by clicking through, so the pages with ids are checked too. */
export async function consolePaths(page: Page) {
  await page.goto("/channels");
  const channel = await page.getByRole("link", { name: "+55 11 98765 0001" }).getAttribute("href");
  await page.goto("/clients");
  const client = await page.getByRole("link", { name: "Casa Lima Padaria" }).getAttribute("href");
  await page.goto("/inbox");
  const conversation = await page.getByTestId("conversation-row").first().getAttribute("href");
  return [
    "/",
    "/inbox",
    conversation ?? "/inbox",
    "/clients",
    client ?? "/clients",
    "/channels",
    `${channel}`,
    `${channel}/chats`,
    `${channel}/costs`,
    `${channel}/health`,
    `${channel}/webhooks`,
    `${channel}/api-keys`,
    `${channel}/events`,
    `${channel}/templates`,
    "/costs",
    "/onboarding",
    "/webhooks",
    "/settings",
    "/settings/users",
    "/settings/api-keys",
    "/settings/audit",
    "/api-docs",
    "/no-such-page",
  ];
}
