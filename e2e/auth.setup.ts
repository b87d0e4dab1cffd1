import { DEMO_OWNER } from "../db/seed";
import { expect, test as setup } from "./fixtures";

setup("sign in as the demo owner once and keep the session", async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/owner.json" });
});
