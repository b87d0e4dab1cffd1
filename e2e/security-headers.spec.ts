import { expect, test } from "./fixtures";
import { type HubProcess, startHubProcess } from "./support/hub-process";

/** Security headers on pages, routes and static files; the CSP really refuses inline scripts. */

function cspOf(headers: Record<string, string>) {
  const csp = headers["content-security-policy"] ?? "";
  return {
    csp,
    nonce: /'nonce-([^']+)'/.exec(csp)?.[1] ?? null,
  };
}

function expectBaseHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
}

test("pages get a fresh nonce per response on every script, and may not be framed", async ({
  request,
}) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const a = cspOf(first.headers());
  const b = cspOf(second.headers());
  expectBaseHeaders(first.headers());
  expect(a.csp).toContain("'strict-dynamic'");
  expect(a.csp).toContain("frame-ancestors 'none'");
  expect(a.csp).toContain("object-src 'none'");
  expect(a.csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
  expect(a.nonce).toBeTruthy();
  expect(a.nonce).not.toBe(b.nonce);
  // Outside production: no HSTS (the e2e server is plain http on localhost).
  expect(first.headers()["strict-transport-security"]).toBeUndefined();

  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${a.nonce}"`);
});

test("routes, the webhook route and static files carry the headers too", async ({ request }) => {
  const health = await request.get("/api/health");
  expectBaseHeaders(health.headers());
  expect(health.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  const webhook = await request.post("/api/webhooks/meta", { data: "{}" });
  expect(webhook.status()).toBe(401);
  expectBaseHeaders(webhook.headers());
  expect(webhook.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );

  const signedOut = await request.get("/inbox", {
    maxRedirects: 0,
    headers: { cookie: "" },
  });
  expect([302, 303, 307]).toContain(signedOut.status());
  expectBaseHeaders(signedOut.headers());

  const html = await (await request.get("/sign-in")).text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  expectBaseHeaders((await request.get(asset!)).headers());
});

test.describe("the policy is enforced", () => {
  test.use({ allowCspViolations: true, storageState: { cookies: [], origins: [] } });

  // What a CSP stops is markup an attacker gets into a page (stored or reflected XSS): inline
  // scripts the HTML parser meets, with no nonce or a wrong one, and inline event handlers. So the
  // spec plants them in the served HTML, under the response's own policy. (A script that running
  // JavaScript creates with createElement is allowed by 'strict-dynamic' on purpose, inline or not:
  // only trusted code runs to create it. Playwright's page.evaluate is such code, so it cannot
  // stand in for an injection.)
  test("an inline script or handler without the nonce is refused and reported", async ({
    page,
  }) => {
    const reports: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/.test(message.text())) reports.push(message.text());
    });
    let planted = false;
    await page.route("**/sign-in", async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const { nonce } = cspOf(response.headers());
      planted = Boolean(nonce) && html.includes("</body>");
      const injected = [
        // The control: with this response's nonce, the same planting runs.
        `<script nonce="${nonce}">window.__noncedScript = true</script>`,
        "<script>window.__injectedScript = true</script>",
        '<script nonce="not-the-nonce">window.__wrongNonce = true</script>',
        '<img src="data:," onerror="window.__plantedHandler = true" />',
      ].join("");
      await route.fulfill({ response, body: html.replace("</body>", `${injected}</body>`) });
    });
    await page.goto("/sign-in");
    expect(planted).toBe(true);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    const ran = await page.evaluate(async () => {
      const flags = window as unknown as Record<string, boolean>;
      // Markup that client code sets as HTML: its handlers are refused too.
      const image = document.createElement("div");
      image.innerHTML = '<img src="data:," onerror="window.__injectedHandler = true" />';
      document.body.append(image);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        nonced: flags.__noncedScript ?? false,
        script: flags.__injectedScript ?? false,
        wrongNonce: flags.__wrongNonce ?? false,
        plantedHandler: flags.__plantedHandler ?? false,
        handler: flags.__injectedHandler ?? false,
      };
    });
    expect(ran).toEqual({
      nonced: true,
      script: false,
      wrongNonce: false,
      plantedHandler: false,
      handler: false,
    });
    // One report for each of the four refusals.
    await expect.poll(() => reports.length).toBeGreaterThanOrEqual(4);
  });
});

test.describe("in production", () => {
  let hub: HubProcess | undefined;
  test.afterAll(async () => {
    await hub?.stop();
  });

  test("responses carry HSTS and the policy allows Meta's SDK instead of the sandbox", async () => {
    test.setTimeout(90_000);
    hub = await startHubProcess({
      HUB_MODE: "production",
      AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
      ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
      META_APP_SECRET: "our-own-app-secret",
      META_WEBHOOK_VERIFY_TOKEN: "our-own-verify-token",
      PGLITE_DIR: "memory://",
    });
    await expect
      .poll(async () => (await fetch(`${hub!.url}/api/health`).catch(() => null))?.status, {
        timeout: 60_000,
      })
      .toBe(200);
    for (const path of ["/sign-in", "/api/health"]) {
      const response = await fetch(`${hub.url}${path}`);
      expect(response.headers.get("strict-transport-security")).toContain("max-age=");
      expect(response.headers.get("content-security-policy")).toContain(
        "upgrade-insecure-requests",
      );
      expect(response.headers.get("content-security-policy")).toContain(
        "https://connect.facebook.net",
      );
    }
  });
});
