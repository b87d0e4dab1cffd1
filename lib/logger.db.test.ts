import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages, webhookEvents } from "@/db/schema";
import { ownerScope } from "@/lib/auth/testing";
import { sendChatMessage } from "@/lib/chats/send/send";
import {
  customerWrites,
  onboardSendChannel,
  type SendHarness,
  startSendHarness,
} from "@/lib/chats/send/testing";
import { channelWithPartner, deliver } from "@/lib/ingest/testing/harness";
import { customerText, envelope } from "@/lib/ingest/testing/meta-payloads";
import { createLogger, describeError, setLoggerForTests } from "./logger";

/**
 * Nothing a customer wrote reaches the logs: a unique text is planted in messages, the error
 * paths run for real (a database error while processing, a failed send, failed queries), and the
 * captured log must not contain it anywhere, while still naming the errors.
 */
let captured = "";
const sink = new Writable({
  write(chunk, _encoding, done) {
    captured += chunk.toString();
    done();
  },
});
let harness: SendHarness;

beforeAll(async () => {
  harness = await startSendHarness();
  // Every level: debug lines must not leak either.
  process.env.LOG_LEVEL = "trace";
  const { resetEnvForTests } = await import("@/lib/env");
  resetEnvForTests();
  setLoggerForTests(createLogger(sink));
});
afterAll(async () => {
  setLoggerForTests(undefined);
  await harness.close();
});

const planted = () => `planted-${randomBytes(6).toString("hex")}`;
const CUSTOMER = "5511987650001";

function logLines() {
  return captured
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("logs never carry message text or query values", () => {
  it("a database error while processing a webhook: the event fails, the text stays out", async () => {
    const secret = planted();
    const { channel, ids } = await channelWithPartner(`1555${Date.now() % 10_000_000}`);
    // A timestamp no database can hold: storing this message fails inside processing.
    const body = envelope(ids.wabaId, [
      customerText(ids, {
        wamid: `wamid.${secret}`,
        from: "5511900000001",
        ts: 9e15,
        body: `${secret} +55 11 98765-4321`,
      }),
    ]);
    captured = "";
    expect((await deliver(body)).status).toBe(200);
    const stored = await getDb()
      .select({ outcome: webhookEvents.outcome })
      .from(webhookEvents)
      .where(eq(webhookEvents.bodyBytes, Buffer.byteLength(JSON.stringify(body))));
    expect(stored.map((row) => row.outcome)).toContain("failed");
    expect(await getDb().select().from(messages).where(eq(messages.channelId, channel.id))).toEqual(
      [],
    );
    expect(captured).toContain("batch write failed");
    expect(captured).not.toContain(secret);
    expect(captured).not.toContain("98765-4321");
  });

  it("a failed send: Meta's error is logged, the text sent is not", async () => {
    const secret = planted();
    const setup = await onboardSendChannel();
    await customerWrites(setup.number.phoneNumberId, CUSTOMER);
    captured = "";
    const failure = await sendChatMessage(ownerScope(setup.partner.id), {
      channelId: setup.channel.id,
      body: {
        to: CUSTOMER,
        type: "template",
        template: {
          name: "no_such_template",
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: secret }] }],
        },
      },
      sentBy: { kind: "user", userId: setup.owner.id },
      graph: { backoffMs: 10 },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).not.toBeNull();
    expect(captured).toMatch(/send failed|graph call failed/);
    expect(captured).not.toContain(secret);
    expect(captured).not.toContain(CUSTOMER);
  });

  it("a failed query logged as { err } keeps its code and constraint, never its values", async () => {
    const secret = planted();
    const errors: unknown[] = [];
    // The value quoted in the server's message: invalid input syntax for type uuid: "<secret>".
    errors.push(
      await getDb()
        .select()
        .from(messages)
        .where(eq(messages.channelId, secret))
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    // The value in the server's detail: Key (dedupe_key)=(<secret>) already exists.
    const row = {
      body: `{"text":"${secret}"}`,
      bodyEncoding: "utf8" as const,
      bodyBytes: 10,
      dedupeKey: secret,
      signatureValid: true,
    };
    await getDb().insert(webhookEvents).values(row);
    errors.push(
      await getDb()
        .insert(webhookEvents)
        .values(row)
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    captured = "";
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toContain(secret); // the raw error does carry it
      const { getLogger } = await import("./logger");
      getLogger().error({ err }, "query failed");
      getLogger().warn({ error: err, cause: (err as Error).cause }, "query failed");
      getLogger().error(err as Error, "query failed");
      expect(describeError(err)).not.toContain(secret);
    }
    expect(captured).not.toContain(secret);
    const logged = logLines().map((line) => line.err as Record<string, unknown>);
    expect(logged[0]).toMatchObject({ type: "DrizzleQueryError", cause: { code: "22P02" } });
    expect(logged.at(-1)).toMatchObject({
      type: "DrizzleQueryError",
      cause: { code: "23505", constraint: expect.stringContaining("dedupe") },
    });
    expect(describeError(errors[1])).toMatch(/23505/);
  });
});
