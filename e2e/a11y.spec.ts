import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signedOut, test } from "./fixtures";
import { consolePaths } from "./support/console-paths";

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
