import { createHmac, randomInt } from "node:crypto";
import { formatPhone } from "../lib/format";
import { envelope, statuses } from "../lib/ingest/testing/meta-payloads";
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

/** Amounts show two decimals; their title holds every digit ("$0.0068"). */
function parseMoney(text: string) {
  const match = /\$([\d,]+\.\d+)/.exec(text);
  return match ? Math.round(Number(match[1]!.replaceAll(",", "")) * 1_000_000) : 0;
}

test("a marketing template is charged, the free-form reply in the window is free, and the month total adds up", async ({
  page,
  request,
}) => {
  const customer = `55119${randomInt(10_000_000, 99_999_999)}`;
  const now = Math.floor(Date.now() / 1000);
  const tag = `${customer}`;
  // The business starts with a template (Meta's status says: charged, marketing), the customer
  // answers, the API replies free-form inside the customer service window.
  const bodies = [
    envelope(channel.wabaId, [
      statuses(channel, [
        { wamid: `wamid.tpl.${tag}`, status: "sent", ts: now - 600, to: customer, pricing: true },
      ]),
    ]),
    envelope(channel.wabaId, [
      {
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: {
            display_phone_number: channel.displayPhoneNumber,
            phone_number_id: channel.phoneNumberId,
          },
          contacts: [{ profile: { name: "Costs Customer" }, wa_id: customer }],
          messages: [
            {
              from: customer,
              id: `wamid.in.${tag}`,
              timestamp: String(now - 300),
              type: "text",
              text: { body: "Tell me more" },
            },
          ],
        },
      },
    ]),
    envelope(channel.wabaId, [
      statuses(channel, [
        { wamid: `wamid.reply.${tag}`, status: "sent", ts: now - 120, to: customer },
      ]),
    ]),
  ];
  for (const body of bodies) {
    const raw = JSON.stringify(body);
    const response = await request.post("/api/webhooks/meta", {
      data: raw,
      headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
    });
    expect(response.status()).toBe(200);
  }

  await page.goto("/channels?q=5511987650001");
  await page.getByRole("link", { name: "+55 11 98765 0001" }).click();
  await expect(page).toHaveURL(/\/channels\/[0-9a-f-]+$/);
  const channelUrl = page.url();
  // The pricing job runs every 10 s; reload until both messages are priced.
  const rows = page.getByTestId("priced-message").filter({ hasText: formatPhone(customer) });
  await expect(async () => {
    await page.goto(`${channelUrl}/costs`);
    await expect(rows).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });

  const charged = rows.filter({ hasText: /charged: .*marketing/ });
  await expect(charged).toHaveCount(1);
  await expect(charged).toContainText(/\$\d+\.\d\d/);
  const free = rows.filter({ hasText: /free: / });
  await expect(free).toHaveCount(1);
  await expect(free.getByText("free", { exact: true })).toBeVisible();

  // The template was known only from its status, so the hub guessed a free service reply; Meta
  // said charged marketing. Admins see the difference (the costs follow Meta).
  const disagreement = page.getByTestId("disagreement").filter({ hasText: formatPhone(customer) });
  await expect(disagreement).toHaveCount(1);
  await expect(disagreement).toContainText("free · service · PMP");
  await expect(disagreement).toContainText("charged · marketing · PMP (regular)");
  await expect(page.getByTestId("disagreement-count")).not.toHaveText("0");

  // The month total is the sum of this month's charged messages.
  const exact = page.getByTestId("priced-message").locator("[title^='$']");
  const all = await exact.evaluateAll((cells) => cells.map((c) => c.getAttribute("title") ?? ""));
  const sum = all.reduce((total, text) => total + parseMoney(text), 0);
  expect(sum).toBeGreaterThan(0);
  const total = await page.getByTestId("month-total").locator("[title]").getAttribute("title");
  expect(parseMoney(total ?? "")).toBe(sum);
});
