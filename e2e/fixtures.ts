import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";

/** The sign-in page, as a user meets it. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-in");
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

export const signedOut = { storageState: { cookies: [], origins: [] } };

type Fixtures = {
  signInPage: SignInPage;
  /** A spec that provokes a CSP violation on purpose sets this with test.use(). */
  allowCspViolations: boolean;
  /** Fails every test whose pages hit a Content-Security-Policy violation (auto). */
  cspGuard: undefined;
};
type WorkerFixtures = { cspViolations: string[] };

const watchedContexts = new WeakSet<BrowserContext>();

/** Chromium reports every refused script, style, frame or connection on the console. */
function watchCsp(context: BrowserContext, violations: string[]) {
  if (watchedContexts.has(context)) return;
  watchedContexts.add(context);
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
    }
  });
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  cspViolations: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring
    async ({}, use) => {
      await use([]);
    },
    { scope: "worker" },
  ],
  // Contexts a spec opens itself (signed-out visitors, the onboarding client) are watched too.
  browser: [
    async ({ browser, cspViolations }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        watchCsp(context, cspViolations);
        return context;
      };
      await use(browser);
    },
    { scope: "worker" },
  ],
  context: async ({ context, cspViolations }, use) => {
    watchCsp(context, cspViolations);
    await use(context);
  },
  allowCspViolations: [false, { option: true }],
  cspGuard: [
    async ({ cspViolations, allowCspViolations }, use) => {
      cspViolations.length = 0;
      await use(undefined);
      if (!allowCspViolations) {
        expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
      }
    },
    { auto: true },
  ],
  page: async ({ page }, use) => {
    // An uncaught error in the browser fails the test, even if the assertions passed.
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await use(page);
    expect(errors, `uncaught page errors: ${errors.map((e) => e.message).join("; ")}`).toEqual([]);
  },
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
});

export { expect };
