import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("the sandbox's environment", () => {
  it("delivers webhooks to the hub's own route unless SANDBOX_WEBHOOK_URL says otherwise", () => {
    expect(parseEnv({ APP_URL: "http://hub.test:4000" }).sandboxWebhookUrl).toBe(
      "http://hub.test:4000/api/webhooks/meta",
    );
    expect(parseEnv({ SANDBOX_WEBHOOK_URL: "http://127.0.0.1:9999/hook" }).sandboxWebhookUrl).toBe(
      "http://127.0.0.1:9999/hook",
    );
  });

  it("rejects a webhook URL that is not a URL, naming the variable", () => {
    expect(() => parseEnv({ SANDBOX_WEBHOOK_URL: "not a url" })).toThrow(/SANDBOX_WEBHOOK_URL/);
  });
});
