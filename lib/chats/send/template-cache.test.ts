import { describe, expect, it } from "vitest";
import type { MessageTemplate } from "@/lib/meta/graph";
import { createTemplateCache, TEMPLATE_CACHE_MS } from "./template-cache";

const template = { name: "order_update", language: "en_US" } as MessageTemplate;

describe("the template cache", () => {
  it("asks Meta once per WABA a minute, and again after", async () => {
    let clock = 0;
    let calls = 0;
    const templatesOf = createTemplateCache(() => clock);
    const fetch = async () => {
      calls++;
      return [template];
    };
    await templatesOf("waba-1", fetch);
    await templatesOf("waba-1", fetch);
    await templatesOf("waba-2", fetch);
    expect(calls).toBe(2);
    clock += TEMPLATE_CACHE_MS;
    expect(await templatesOf("waba-1", fetch)).toEqual([template]);
    expect(calls).toBe(3);
  });

  it("does not keep a failed fetch", async () => {
    const templatesOf = createTemplateCache(() => 0);
    await expect(
      templatesOf("waba-1", async () => {
        throw new Error("Meta unavailable");
      }),
    ).rejects.toThrow("Meta unavailable");
    expect(await templatesOf("waba-1", async () => [template])).toEqual([template]);
  });
});
