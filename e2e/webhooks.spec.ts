import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatPhone } from "../lib/format";
import { retargetFixture } from "../lib/ingest/testing/meta-payloads";
import { expect, test } from "./fixtures";

// The demo seed's first channel (db/seed.ts) and the sandbox app secret the test server uses.
const channel = {
  wabaId: "seed-waba-1001",
  phoneNumberId: "seed-pn-5511987650001",
  displayPhoneNumber: "5511987650001",
};
const APP_SECRET = "sandbox-app-secret";

function sign(body: string) {
  return `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
}

function fixture(name: string, suffix: string) {
  const text = readFileSync(join(process.cwd(), "lib/meta/fixtures", name), "utf8");
  return retargetFixture(text, channel, suffix);
}

test("signed events posted over HTTP show on the Webhooks page, with their JSON and a replay", async ({
  page,
  request,
}) => {
  const suffix = `.${randomBytes(4).toString("hex")}`;
  const inbound = fixture("messages-inbound-text.json", suffix);
  const echo = fixture("smb-message-echoes-text.json", suffix);
  for (const body of [inbound, echo, inbound]) {
    const response = await request.post("/api/webhooks/meta", {
      data: body,
      headers: { "content-type": "application/json", "x-hub-signature-256": sign(body) },
    });
    expect(response.status()).toBe(200);
  }
  const unsigned = await request.post("/api/webhooks/meta", {
    data: inbound,
    headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
  });
  expect(unsigned.status()).toBe(401);
  const verify = await request.get(
    "/api/webhooks/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token=sandbox-verify-token",
  );
  expect(await verify.text()).toBe("42");

  await page.goto("/webhooks?field=smb_message_echoes");
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Callback URL" })).toHaveValue(
    /\/api\/webhooks\/meta$/,
  );
  // Other specs' sandbox numbers post events too: look only at the demo channel's rows.
  const row = page
    .getByTestId("webhook-event-row")
    .filter({ hasText: channel.displayPhoneNumber })
    .first();
  // Processing runs after the 200 (and the page does not poll): on a busy machine the first load
  // can come before the event is routed to the demo channel, so load again until it is.
  await expect(async () => {
    await page.goto("/webhooks?field=smb_message_echoes");
    await expect(row).toContainText("smb_message_echoes", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("processed");

  await page.goto("/webhooks?field=messages");
  // The inbound message was delivered twice: one row, two deliveries.
  const messagesRow = page
    .getByTestId("webhook-event-row")
    .filter({ hasText: "messages" })
    .filter({ hasText: channel.displayPhoneNumber })
    .first();
  await expect(messagesRow).toContainText("processed");
  await messagesRow.getByRole("link").click();
  const detail = page.getByTestId("webhook-event-detail");
  await expect(detail).toContainText("2 deliveries");
  await expect(page.getByTestId("webhook-event-json")).toContainText(`wamid.`);
  await expect(page.getByTestId("webhook-event-json")).toContainText(
    "Hi! Do you still have the blue vase?",
  );
  await detail.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByText("Replayed: processed")).toBeVisible();
  await expect(page.getByTestId("counter-rejected")).toContainText(/[1-9]/);
});

test("a channel's Events tab lists its webhook events and shows a body on demand", async ({
  page,
  request,
}) => {
  const suffix = `.${randomBytes(4).toString("hex")}`;
  const echo = fixture("smb-message-echoes-text.json", suffix);
  const response = await request.post("/api/webhooks/meta", {
    data: echo,
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(echo) },
  });
  expect(response.status()).toBe(200);

  await page.goto(`/channels?q=${channel.displayPhoneNumber}`);
  await page.getByRole("link", { name: formatPhone(channel.displayPhoneNumber) }).click();
  await page
    .getByRole("navigation", { name: "Channel sections" })
    .getByRole("link", { name: "Events" })
    .click();
  await expect(page).toHaveURL(/\/channels\/[0-9a-f-]{36}\/events$/);
  await page.getByLabel("Field").selectOption("smb_message_echoes");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/field=smb_message_echoes/);
  // Processing runs after the answer: reload until the newest echo row is this spec's, processed.
  await expect(async () => {
    await page.reload();
    const row = page.getByTestId("channel-event-row").first();
    await expect(row).toContainText("smb_message_echoes", { timeout: 1000 });
    await expect(row).toContainText("processed", { timeout: 1000 });
    await row.getByRole("link", { name: "Body" }).click();
    await expect(page.getByTestId("channel-event-json")).toContainText(suffix, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Lifecycle of this channel" })).toBeVisible();
});
