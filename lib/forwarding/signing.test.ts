import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nextAttemptAt, signatureHeaders, verifyCoexSignature } from "./signing";

const body = '{"object":"whatsapp_business_account","entry":[]}';
const now = new Date("2026-11-25T12:00:00Z");

describe("forwarding signatures", () => {
  it("X-Hub-Signature-256 is the HMAC of the raw body with the current secret, as Meta signs", () => {
    const headers = signatureHeaders(body, ["new-secret", "old-secret"], now);
    const expected = createHmac("sha256", "new-secret").update(body).digest("hex");
    expect(headers["X-Hub-Signature-256"]).toBe(`sha256=${expected}`);
    expect(headers["X-Coex-Timestamp"]).toBe(String(now.getTime() / 1000));
  });

  it("during a rotation both secrets verify the timestamped signature", () => {
    const header = signatureHeaders(body, ["new-secret", "old-secret"], now)["X-Coex-Signature"]!;
    expect(verifyCoexSignature({ body, header, secret: "new-secret", now })).toBe(true);
    expect(verifyCoexSignature({ body, header, secret: "old-secret", now })).toBe(true);
    expect(verifyCoexSignature({ body, header, secret: "someone-else", now })).toBe(false);
  });

  it("a changed body or a replay after five minutes does not verify", () => {
    const header = signatureHeaders(body, ["s"], now)["X-Coex-Signature"]!;
    expect(verifyCoexSignature({ body: `${body} `, header, secret: "s", now })).toBe(false);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyCoexSignature({ body, header, secret: "s", now: later })).toBe(false);
  });

  it("without a secret there is nothing to sign with", () => {
    expect(signatureHeaders(body, [], now)).toEqual({});
  });
});

describe("retry backoff", () => {
  const createdAt = now;
  const week = 7 * 24 * 60 * 60 * 1000;

  it("waits 30 s, then doubles", () => {
    const delays = [1, 2, 3, 4].map(
      (attempts) =>
        nextAttemptAt({ attempts, createdAt, now, maxAgeMs: week })!.getTime() - now.getTime(),
    );
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("never waits more than six hours between attempts", () => {
    const next = nextAttemptAt({ attempts: 30, createdAt, now, maxAgeMs: week })!;
    expect(next.getTime() - now.getTime()).toBe(6 * 60 * 60 * 1000);
  });

  it("gives up once the next attempt would fall after the deadline", () => {
    const late = new Date(createdAt.getTime() + week - 10_000);
    expect(nextAttemptAt({ attempts: 3, createdAt, now: late, maxAgeMs: week })).toBeNull();
  });
});
