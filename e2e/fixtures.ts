import { test as base, expect, type Page } from "@playwright/test";

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

type Fixtures = { signInPage: SignInPage };

export const test = base.extend<Fixtures>({
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
