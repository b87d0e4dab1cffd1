import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO_MEMBER, DEMO_OWNER } from "../db/seed";
import { expect, signedOut, test } from "./fixtures";

test.describe("partner console as the demo owner", () => {
  test("an owner creates a channel key and sees the secret once", async ({ page }) => {
    await page.goto("/channels?q=5511987650001");
    await page.getByRole("link", { name: "+55 11 98765 0001" }).click();
    await page
      .getByRole("navigation", { name: "Channel sections" })
      .getByRole("link", { name: "API keys" })
      .click();
    await expect(page).toHaveURL(/\/channels\/[0-9a-f-]{36}\/api-keys$/);
    await page.getByRole("button", { name: "Create channel key" }).click();
    const secret = page.getByTestId("secret-value");
    await expect(secret).toHaveText(/^ck_[A-Za-z0-9_-]{43}$/);
    const value = (await secret.textContent()) ?? "";
    const table = page.getByTestId("api-keys-table");
    await expect(table.getByText(`${value.slice(0, 11)}…`)).toBeVisible();

    await page.reload();
    await expect(page.getByTestId("secret-value")).toHaveCount(0);
    await expect(
      page.getByTestId("api-keys-table").getByText(`${value.slice(0, 11)}…`),
    ).toBeVisible();
    await expect(page.locator("body")).not.toContainText(value);
  });

  test("an owner sets a channel's forwarding URL, sends a test event and sees it in the delivery log", async ({
    page,
  }) => {
    // The partner's endpoint: a real HTTP server the hub posts to.
    const received: { signature: string | undefined; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push({
          signature: request.headers["x-hub-signature-256"] as string | undefined,
          body,
        });
        response.end("thanks");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    try {
      page.on("dialog", (dialog) => void dialog.accept());
      await page.goto("/settings");
      await page.getByRole("button", { name: /(Create|Rotate) secret/ }).click();
      await expect(page.getByTestId("secret-value")).toBeVisible();

      await page.goto("/channels?q=919812300002");
      await page.getByRole("link", { name: "+91 98123 00002" }).click();
      await page
        .getByRole("navigation", { name: "Channel sections" })
        .getByRole("link", { name: "Webhooks" })
        .click();
      await page.getByLabel("Forwarding URL").fill(`http://127.0.0.1:${port}/hook`);
      await page.getByLabel(/Custom headers/).fill("X-Partner-Token: e2e");
      await page.getByRole("button", { name: "Save forwarding" }).click();
      await expect(page.getByText("Forwarding saved.")).toBeVisible();
      await page.getByRole("button", { name: "Send test event" }).click();
      await expect(page.getByTestId("test-event-result")).toContainText("Delivered: HTTP 200");
      const log = page.getByTestId("delivery-log");
      await expect(log.getByRole("row").nth(1)).toContainText("test");
      await expect(log.getByRole("row").nth(1)).toContainText("HTTP 200");
      expect(received).toHaveLength(1);
      expect(received[0]!.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(JSON.parse(received[0]!.body).object).toBe("whatsapp_business_account");
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  test("a partner key created in the console works on the Partner API, over HTTP", async ({
    page,
    request,
  }) => {
    await page.goto("/settings/api-keys");
    const partnerId = (await page.getByTestId("partner-id").textContent()) ?? "";
    await page.getByLabel("Key name").fill(`e2e ${Date.now()}`);
    await page.getByRole("button", { name: "Create partner key" }).click();
    const key = (await page.getByTestId("secret-value").textContent()) ?? "";
    expect(key).toMatch(/^pk_/);

    const channels = await request.get(
      `/api/v2/partners/${partnerId}/channels?sort=display_phone_number`,
      {
        headers: { "X-API-Key": key },
      },
    );
    expect(channels.status()).toBe(200);
    expect(channels.headers()["x-ratelimit-limit"]).toBe("120");
    const body = await channels.json();
    expect(body).toMatchObject({ limit: 20, offset: 0, sort: "display_phone_number" });
    // Other specs onboard sandbox numbers to the demo partner meanwhile: at least the seeded four,
    // in the order asked for.
    expect(body.total).toBeGreaterThanOrEqual(4);
    expect(body.count).toBe(Math.min(body.total, 20));
    const numbers = (body.channels as { display_phone_number: string }[]).map(
      (c) => c.display_phone_number,
    );
    expect(numbers).toEqual([...numbers].sort());
    expect(numbers).toEqual(expect.arrayContaining(["5511987650001", "919812300002"]));

    // Ours on top: a channel's conversations and a conversation's first page of messages.
    const demo = (body.channels as { id: string; display_phone_number: string }[]).find(
      (c) => c.display_phone_number === "5511987650001",
    )!;
    const conversations = await request.get(
      `/api/v2/partners/${partnerId}/channels/${demo.id}/conversations?limit=5`,
      { headers: { "X-API-Key": key } },
    );
    expect(conversations.status()).toBe(200);
    const list = await conversations.json();
    expect(list).toMatchObject({ limit: 5, offset: 0, sort: "-last_live_message_at" });
    if (list.count > 0) {
      const waId = list.conversations[0].wa_id;
      const messages = await request.get(
        `/api/v2/partners/${partnerId}/channels/${demo.id}/conversations/${waId}/messages?limit=2`,
        { headers: { "X-API-Key": key } },
      );
      expect(messages.status()).toBe(200);
      expect(await messages.json()).toMatchObject({ limit: 2, sort: "-timestamp" });
    }
    const sessions = await request.get(`/api/v2/partners/${partnerId}/onboarding_sessions`, {
      headers: { "X-API-Key": key },
    });
    expect(sessions.status()).toBe(200);

    const refused = await request.get(
      `/api/v2/partners/${partnerId}/clients?filters=${encodeURIComponent('{"nope":1}')}`,
      {
        headers: { "X-API-Key": key },
      },
    );
    expect(refused.status()).toBe(422);
    const noKey = await request.get(`/api/v2/partners/${partnerId}/clients`);
    expect(noKey.status()).toBe(401);
    const openapi = await request.get("/api/v2/openapi.json");
    expect((await openapi.json()).openapi).toBe("3.1.0");
  });

  test("the clients list filters, sorts and pages through the URL", async ({ page }) => {
    await page.goto("/clients");
    await page.getByLabel("Search name, email or your id").fill("spice");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/q=spice/);
    const table = page.getByTestId("clients-table");
    await expect(table.getByRole("link", { name: "Mumbai Spice House" })).toBeVisible();
    await expect(table.getByRole("link", { name: "Berlin Bikes" })).toHaveCount(0);
    // Other specs add clients of their own in parallel: the order is checked among the seeded ones.
    const seeded = async () =>
      (await table.getByRole("row").allTextContents()).flatMap((text) =>
        ["Berlin Bikes", "Mumbai Spice House"].filter((name) => text.includes(name)),
      );
    await page.goto("/clients?sort=name");
    await expect.poll(seeded).toEqual(["Berlin Bikes", "Mumbai Spice House"]);
    await page.getByRole("link", { name: "Name" }).click();
    await expect(page).toHaveURL(/sort=-name/);
    await expect.poll(seeded).toEqual(["Mumbai Spice House", "Berlin Bikes"]);
  });

  test("an owner invites a member, who sets a password through the one-time link and signs in", async ({
    page,
    browser,
  }) => {
    test.slow(); // two browsers, a password set and a sign-in
    const email = `e2e-${Date.now()}@demo.test`;
    await page.goto("/settings/users");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Invite" }).click();
    const link = (await page.getByTestId("secret-value").textContent()) ?? "";
    expect(link).toMatch(/\/set-password\/[\w-]{43}$/);
    const row = page.getByTestId("users-table").getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Invitation pending");

    const context = await browser.newContext({ storageState: signedOut.storageState });
    const other = await context.newPage();
    await other.goto(new URL(link).pathname);
    await expect(other.getByRole("heading", { name: "Set your password" })).toBeVisible();
    await expect(other.getByText(`For ${email}`)).toBeVisible();
    await other.getByLabel("New password").fill("my own invitee secret");
    await other.getByLabel("Repeat the password").fill("my own invitee secret");
    await other.getByRole("button", { name: "Set password" }).click();
    await expect(other.getByTestId("password-set")).toBeVisible();
    await other.getByLabel("Email").fill(email);
    await other.getByLabel("Password").fill("my own invitee secret");
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByRole("heading", { name: "Overview" })).toBeVisible();

    // The link worked once.
    await other.goto(new URL(link).pathname);
    await expect(other.getByTestId("link-problem")).toContainText("already used");
    await context.close();

    await page.reload();
    await expect(row).not.toContainText("Invitation pending");
    await page.goto("/settings/audit?action=user.invited");
    await expect(page.getByTestId("audit-table")).toContainText(email);
  });

  test("a signed-in user changes their password on the account page", async ({ browser }) => {
    test.slow(); // an invitation, a password set, a sign-in and a change
    // A user of its own, so the demo passwords stay as they are for the other specs.
    const owner = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
    const ownerPage = await owner.newPage();
    const email = `e2e-account-${Date.now()}@demo.test`;
    await ownerPage.goto("/settings/users");
    await ownerPage.getByLabel("Email").fill(email);
    await ownerPage.getByRole("button", { name: "Invite" }).click();
    const link = (await ownerPage.getByTestId("secret-value").textContent()) ?? "";
    await owner.close();

    const context = await browser.newContext({ storageState: signedOut.storageState });
    const page = await context.newPage();
    await page.goto(new URL(link).pathname);
    await page.getByLabel("New password").fill("first secret of mine");
    await page.getByLabel("Repeat the password").fill("first secret of mine");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("first secret of mine");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Account" }).click();
    await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill("second secret of mine");
    await page.getByLabel("Repeat the new password").fill("second secret of mine");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("The current password is not right.")).toBeVisible();
    await page.getByLabel("Current password").fill("first secret of mine");
    await page.getByLabel("New password", { exact: true }).fill("second secret of mine");
    await page.getByLabel("Repeat the new password").fill("second secret of mine");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed.")).toBeVisible();
    // Still signed in here.
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await context.close();
  });

  test("an old ?tab= link redirects to the tab's own address, other parameters kept", async ({
    page,
  }) => {
    await page.goto("/channels?q=5511987650001");
    const href =
      (await page.getByRole("link", { name: "+55 11 98765 0001" }).getAttribute("href")) ?? "";
    const old = `${href}?tab=events&field=smb_message_echoes`;
    // A real redirect (not a page that navigates once it has loaded).
    const response = await page.request.get(old, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toBe(`${href}/events?field=smb_message_echoes`);
    await page.goto(old);
    await expect(page).toHaveURL(new RegExp(`${href}/events\\?field=smb_message_echoes$`));
    await expect(
      page
        .getByRole("navigation", { name: "Channel sections" })
        .getByRole("link", { name: "Events" }),
    ).toHaveAttribute("aria-current", "page");
  });

  test("another partner's owner cannot open this partner's channel", async ({ page, browser }) => {
    await page.goto("/channels?q=5511987650001");
    const href =
      (await page.getByRole("link", { name: "+55 11 98765 0001" }).getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/channels\/[0-9a-f-]{36}$/);

    const context = await browser.newContext({ storageState: signedOut.storageState });
    const other = await context.newPage();
    await other.goto("/sign-in");
    await other.getByLabel("Email").fill("owner@northwind.test");
    await other.getByLabel("Password").fill(DEMO_OWNER.password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByRole("heading", { name: "Overview" })).toBeVisible();
    await other.goto(href);
    await expect(other.getByText("This page does not exist")).toBeVisible();
    await expect(other.locator("body")).not.toContainText("5511987650001");
    await context.close();
  });
});

test.describe("partner console as a member", () => {
  test.use(signedOut);

  test("a member cannot open user management or create keys", async ({ page, signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn(DEMO_MEMBER.email, DEMO_MEMBER.password);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.goto("/settings");
    const tabs = page.getByRole("navigation", { name: "Settings sections" });
    await expect(tabs.getByRole("link", { name: "General" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/settings/users");
    await expect(page.getByTestId("users-forbidden")).toContainText("Only owners manage users");
    await expect(page.getByTestId("users-table")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Invite" })).toHaveCount(0);
    await page.goto("/settings/api-keys");
    await expect(page.getByRole("button", { name: "Create partner key" })).toHaveCount(0);
  });
});
