import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { processBatch } from "./pipeline/process-batch";
import { drainProcessing } from "./queue";
import { channelWithPartner, eventByDedupe, POST, signedRequest } from "./testing/harness";
import { customerText, envelope } from "./testing/meta-payloads";

/**
 * With WORKERS=off a web process only answers: what it stores is left to the workers of other
 * processes (woken by NOTIFY), and it keeps no list of those events (a list that, in a process
 * answering for months, only grew).
 */
describe("a web process with WORKERS=off", () => {
  afterEach(() => {
    delete process.env.WORKERS;
    resetEnvForTests();
  });

  it("stores and answers, leaves processing to the others, and has nothing of its own to wait for", async () => {
    const { ids } = await channelWithPartner(`1555${Math.floor(Math.random() * 1e7)}`);
    const body = JSON.stringify(
      envelope(ids.wabaId, [
        customerText(ids, {
          wamid: `wamid.off.${ids.phoneNumberId}`,
          from: "16505550123",
          ts: 1_790_000_000,
          body: "for another process",
        }),
      ]),
    );
    process.env.WORKERS = "off";
    resetEnvForTests();

    const response = await POST(signedRequest(body));
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await drainProcessing();
    const event = await eventByDedupe(createHash("sha256").update(body).digest("hex"));
    expect(event?.outcome).toBe("pending");

    // What another process's worker would do: it is processed once, there.
    const done = await processBatch({ ids: [event!.id], limit: 1 });
    expect(done.events.map((e) => e.outcome)).toEqual(["processed"]);
  });
});
