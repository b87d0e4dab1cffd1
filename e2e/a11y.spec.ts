import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signedOut, test } from "./fixtures";

/**
 * axe-core on every page of the console, the client onboarding page and the sign-in page, in the
 * light and the dark theme: no serious or critical violation (WCAG 2.1 A and AA rules).
 */

const themes = ["light", "dark"] as const;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} :: ${n.failureSummary ?? ""}`),
    }));
}

/** Addresses found by clicking through, so the pages with ids are checked too. */
async function consolePaths(page: Page) {
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

for (const theme of themes) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test(`every console page has no serious accessibility violation (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(420_000);
      const found: Record<string, unknown> = {};
      for (const path of await consolePaths(page)) {
        await page.goto(path);
        await page.waitForLoadState("networkidle").catch(() => {});
        const violations = await seriousViolations(page);
        if (violations.length) found[path] = violations;
      }
      expect(found).toEqual({});
    });

    test.describe("signed out", () => {
      test.use(signedOut);
      test(`sign-in and client onboarding pages have no serious violation (${theme})`, async ({
        page,
      }) => {
        const found: Record<string, unknown> = {};
        for (const path of ["/sign-in", "/onboard/demo?partner=a11y-check"]) {
          await page.goto(path);
          const violations = await seriousViolations(page);
          if (violations.length) found[path] = violations;
        }
        expect(found).toEqual({});
      });
    });
  });
}
