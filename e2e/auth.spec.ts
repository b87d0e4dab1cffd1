import { DEMO_OWNER, demoPartnerCounts } from "../db/seed";
import { expect, signedOut, test } from "./fixtures";

test.describe("signed out", () => {
  test.use(signedOut);

  test("signing in as the demo owner shows the Overview with the seeded counts", async ({
    page,
    signInPage,
  }) => {
    await signInPage.goto();
    await signInPage.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("stat-clients-value")).toHaveText(
      String(demoPartnerCounts.clients),
    );
    await expect(page.getByTestId("stat-channels-value")).toHaveText(
      String(demoPartnerCounts.channels),
    );
  });

  test("a wrong password shows the error and stays on the sign-in page", async ({
    page,
    signInPage,
  }) => {
    await signInPage.goto();
    await signInPage.signIn(DEMO_OWNER.email, "not-the-password");
    await expect(page.locator("#sign-in-error")).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/sign-in/);
    // Focus lands on the reason, so a keyboard or screen-reader user hears it.
    await expect(page.locator("#sign-in-error [role=alert]")).toBeFocused();
    // What the user typed is kept.
    await expect(page.getByLabel("Email")).toHaveValue(DEMO_OWNER.email);
  });

  test("an unknown email gets the same error as a wrong password", async ({ page, signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn("nobody@demo.test", "whatever-password");
    await expect(page.locator("#sign-in-error")).toHaveText("Email or password is incorrect.");
  });

  test("a signed-out visit to a hub page redirects to sign-in and back after it", async ({
    page,
    signInPage,
  }) => {
    await page.goto("/channels");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=.*channels/);
    await signInPage.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
    await expect(page).toHaveURL("/channels");
    await expect(page.getByRole("heading", { name: "Channels" })).toBeVisible();
  });

  test("after a few wrong passwords the page says to wait, and for how long", async ({
    page,
    signInPage,
  }) => {
    // Six password checks and the growing delays: slow on a loaded machine.
    test.slow();
    // An address nobody else uses (known or not, the account is what is counted).
    const email = `guessed-${Date.now()}@demo.test`;
    await signInPage.goto();
    const error = page.locator("#sign-in-error");
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signInPage.signIn(email, `wrong-password-${attempt}`);
      await expect(error).toHaveText("Email or password is incorrect.");
      // The next attempt must start from a fresh answer, not the previous one's text.
      await page.reload();
    }
    await signInPage.signIn(email, "wrong-password-5");
    await expect(error).toHaveText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/, {
      timeout: 20_000,
    });
    await page.reload();
    await signInPage.signIn(email, "wrong-password-6");
    await expect(error).toHaveText(/^Too many sign-in attempts/);
  });

  test("signing out ends the session: a copy of the old cookie no longer opens the hub", async ({
    page,
    signInPage,
    browser,
  }) => {
    test.slow(); // two browsers, a sign-in and a sign-out
    // Its own session: the shared signed-in state of the other specs must stay valid.
    await signInPage.goto();
    await signInPage.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const copied = await page.context().cookies();
    expect(copied.some((cookie) => cookie.name.includes("session-token"))).toBe(true);

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in to Coex Hub" })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);

    const replay = await browser.newContext();
    await replay.addCookies(copied);
    const stolen = await replay.newPage();
    await stolen.goto("/");
    await expect(stolen).toHaveURL(/\/sign-in/);
    await expect(stolen.getByRole("heading", { name: "Sign in to Coex Hub" })).toBeVisible();
    const api = await stolen.request.get("/api/hub/conversations");
    expect(api.status()).toBe(401);
    await replay.close();
  });

  test("another partner's owner sees only their own counts", async ({ page, signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn("owner@northwind.test", DEMO_OWNER.password);
    await expect(page.getByTestId("partner-name")).toHaveText("Northwind Agency");
    await expect(page.getByTestId("stat-clients-value")).toHaveText("1");
    await expect(page.getByTestId("stat-channels-value")).toHaveText("1");
  });
});

test.describe("signed in", () => {
  test("the sidebar reaches every section", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const section of ["Clients", "Channels", "Inbox", "Costs", "Webhooks", "Settings"]) {
      await nav.getByRole("link", { name: section }).click();
      await expect(page.getByRole("heading", { name: section, level: 1 })).toBeVisible();
    }
  });

  test("on a phone-sized screen the menu folds away and still navigates", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("/");
    await page.getByRole("button", { name: "Open menu" }).click();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Costs" })
      .click();
    await expect(page.getByRole("heading", { name: "Costs", level: 1 })).toBeVisible();
  });

  test("the theme switches between light and dark", async ({ page }) => {
    await page.goto("/");
    const html = page.locator("html");
    const before = (await html.getAttribute("class")) ?? "";
    await page.getByRole("button", { name: "Toggle light or dark theme" }).click();
    await expect(html).not.toHaveClass(before);
  });
});
