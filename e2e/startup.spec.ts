import { createHmac, randomBytes } from "node:crypto";
import { createThrowawayDatabase } from "../db/testing/database";
import { expect, test } from "./fixtures";
import { freePort, type HubProcess, startHubProcess } from "./support/hub-process";
import { TcpProxy } from "./support/tcp-proxy";

/**
 * Start-up and outages, on hubs of their own (`next start` of the same build), never on the
 * suite's server. Postgres is reached through a TCP proxy this test turns off and on: the
 * machine's shared Postgres is never stopped.
 */
test.describe.configure({ mode: "serial" });

const APP_SECRET = "sandbox-app-secret";
const production = {
  HUB_MODE: "production",
  AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
  ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  META_APP_SECRET: "our-own-app-secret",
  META_WEBHOOK_VERIFY_TOKEN: "our-own-verify-token",
  PGLITE_DIR: "memory://",
};

function postWebhook(url: string) {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: `startup-${randomBytes(4).toString("hex")}`, changes: [] }],
  });
  const signature = `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
  return fetch(`${url}/api/webhooks/meta`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signature },
  });
}

async function health(url: string) {
  const response = await fetch(`${url}/api/health`).catch(() => null);
  return response ? { status: response.status, body: await response.json() } : null;
}

let hub: HubProcess | undefined;
test.afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

for (const [name, env, message] of [
  ["AUTH_SECRET missing", { ...production, AUTH_SECRET: "" }, "AUTH_SECRET is required"],
  ["ENCRYPTION_KEY missing", { ...production, ENCRYPTION_KEY: "" }, "ENCRYPTION_KEY is required"],
  ["SANDBOX=true", { ...production, SANDBOX: "true" }, "UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION"],
  [
    "the sandbox's app secret",
    {
      ...production,
      SANDBOX: "true",
      UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION: "true",
      META_APP_SECRET: "",
    },
    `META_APP_SECRET must be your own value`,
  ],
] as const) {
  test(`production with ${name} exits non-zero and says why`, async () => {
    hub = await startHubProcess(env);
    const code = await Promise.race([
      hub.exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 45_000)),
    ]);
    expect(code, hub.output()).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(hub.output()).toContain(message);
  });
}

test("a hub started while Postgres is down keeps retrying and becomes healthy on its own; in an outage webhooks get 503 within 2 s", async () => {
  test.skip(!process.env.DATABASE_URL, "needs a Postgres server (DATABASE_URL) to cut off");
  test.setTimeout(150_000);
  const server = new URL(process.env.DATABASE_URL!);
  const database = await createThrowawayDatabase(process.env.DATABASE_URL!, "startup");
  const proxy = new TcpProxy(await freePort(), {
    host: server.hostname,
    port: Number(server.port || 5432),
  });
  try {
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    hub = await startHubProcess({ HUB_MODE: "test", DATABASE_URL: viaProxy.toString() });

    // Down: the process is up and says it is starting; Meta is told to come back.
    await expect
      .poll(() => health(hub!.url), { timeout: 45_000, intervals: [500] })
      .toMatchObject({ status: 503, body: { status: "starting" } });
    const early = await postWebhook(hub.url);
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBeTruthy();

    // Up: healthy and taking webhooks within 30 s, without a restart.
    await proxy.up();
    const upAt = Date.now();
    await expect
      .poll(async () => (await health(hub!.url))?.status, { timeout: 30_000, intervals: [500] })
      .toBe(200);
    await expect
      .poll(async () => (await postWebhook(hub!.url)).status, {
        timeout: 30_000 - (Date.now() - upAt),
      })
      .toBe(200);

    // An outage later on (a dead network, the worst case): 503 + Retry-After within 2 s.
    proxy.blackhole();
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const response = await postWebhook(hub.url);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect(elapsed).toBeLessThan(2_000);
    }

    // Back again: accepted without a restart.
    await proxy.up();
    await expect
      .poll(async () => (await postWebhook(hub!.url)).status, { timeout: 30_000 })
      .toBe(200);
    expect(hub.child.exitCode).toBeNull();
  } finally {
    await hub?.stop();
    hub = undefined;
    await proxy.down();
    await database.drop();
  }
});
