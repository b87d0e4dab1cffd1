import { createHash } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { openDatabase } from "@/db/client";
import { webhookEvents, webhookRejections } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { signBody } from "@/lib/meta/signature";
import {
  channelWithPartner,
  deliver,
  eventByDedupe,
  GET,
  messagesOf,
  POST,
  signedRequest,
  URL_BASE,
} from "./testing/harness";
import { customerText, envelope } from "./testing/meta-payloads";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

async function rejections(reason: string) {
  const [row] = await getDb()
    .select({ total: sql<number>`coalesce(sum(${webhookRejections.count}), 0)::int` })
    .from(webhookRejections)
    .where(eq(webhookRejections.reason, reason as "bad_signature"));
  return Number(row?.total ?? 0);
}

describe("the Meta webhook route", () => {
  it("answers the verification handshake with the challenge when the token matches", async () => {
    const token = getEnv().meta.webhookVerifyToken!;
    const ok = await GET(
      new Request(
        `${URL_BASE}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`,
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
  });

  it("refuses the handshake with a wrong verify token", async () => {
    const bad = await GET(
      new Request(`${URL_BASE}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope`),
    );
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual({
      error: { code: "forbidden", message: "The verify token does not match." },
    });
  });

  it("refuses a bad or missing signature with 401, stores nothing and counts it", async () => {
    const { ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, { wamid: "wamid.sig", from: "1", ts: 1, body: "x" }),
      ]),
    );
    const before = await rejections("bad_signature");
    const wrong = await POST(
      new Request(URL_BASE, {
        method: "POST",
        headers: { "x-hub-signature-256": signBody(body, "not-the-secret") },
        body,
      }),
    );
    const missing = await POST(new Request(URL_BASE, { method: "POST", body }));
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("unauthorized");
    expect(await eventByDedupe(sha(body))).toBeUndefined();
    expect(await rejections("bad_signature")).toBe(before + 2);
  });

  it("refuses a body over 4 MB with 413 and stores nothing", async () => {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [],
      pad: "x".repeat(4 * 1024 * 1024),
    });
    const response = await POST(signedRequest(body));
    expect(response.status).toBe(413);
    expect(await eventByDedupe(sha(body))).toBeUndefined();
  });

  it("keeps a signed body that is not JSON as unparseable and answers 200", async () => {
    const body = `{"object": "whatsapp_business_account", "entry": [ broken ${Math.random()}`;
    const response = await deliver(body);
    expect(response.status).toBe(200);
    const row = await eventByDedupe(sha(body));
    expect(row).toMatchObject({ outcome: "unparseable", body, signatureValid: true });
  });

  it("keeps a signed JSON body of an unknown shape as unparseable", async () => {
    const body = JSON.stringify({ hello: "world", n: Math.random() });
    expect((await deliver(body)).status).toBe(200);
    expect((await eventByDedupe(sha(body)))?.outcome).toBe("unparseable");
  });

  it("stores an unknown field as ignored", async () => {
    const { ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        { field: "a_field_meta_adds_later", value: { max_daily_conversation_per_phone: 1000 } },
      ]),
    );
    expect((await deliver(body)).status).toBe(200);
    expect((await eventByDedupe(sha(body)))?.outcome).toBe("ignored");
  });

  it("stores concurrent duplicate deliveries once, counts them, and writes the message once", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, {
          wamid: "wamid.dup-1",
          from: "16505551234",
          ts: 1767261600,
          body: "hello",
        }),
      ]),
    );
    const responses = await Promise.all(Array.from({ length: 12 }, () => deliver(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const [{ value }] = (await getDb()
      .select({ value: count() })
      .from(webhookEvents)
      .where(eq(webhookEvents.dedupeKey, sha(body)))) as [{ value: number }];
    expect(value).toBe(1);
    expect((await eventByDedupe(sha(body)))?.deliveries).toBe(12);
    const rows = await messagesOf(channel.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: "customer", direction: "inbound", text: "hello" });
  });

  it("answers 503 when the database cannot take the write, then stores the retry", async () => {
    const { channel, ids } = await channelWithPartner();
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, {
          wamid: "wamid.down-1",
          from: "16505550001",
          ts: 1767261600,
          body: "are you there",
        }),
      ]),
    );
    const holder = globalThis as unknown as { __coexDb?: ReturnType<typeof openDatabase> };
    const healthy = holder.__coexDb;
    // Nothing listens on port 9: every write fails to connect.
    const down = openDatabase({
      databaseUrl: "postgres://postgres@127.0.0.1:9/none",
      pgliteDir: "memory://",
    });
    holder.__coexDb = down;
    let refused: Response;
    try {
      refused = await POST(signedRequest(body));
    } finally {
      holder.__coexDb = healthy;
      await down.close().catch(() => {});
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect((await refused.json()).error.code).toBe("unavailable");
    expect(await eventByDedupe(sha(body))).toBeUndefined();

    const retried = await deliver(body);
    expect(retried.status).toBe(200);
    expect((await eventByDedupe(sha(body)))?.outcome).toBe("processed");
    expect(await messagesOf(channel.id)).toHaveLength(1);
  });
});
