import { describe, expect, it } from "vitest";
import {
  callbackDataFor,
  messageIdOfCallbackData,
  PARTNER_CALLBACK_DATA_MAX,
  partnerCallbackData,
} from "./callback-data";

const ID = "0b7f3c1e-9a4d-4c2b-8f61-2d5e7a9c0b13";

describe("the hub's reference in biz_opaque_callback_data", () => {
  it("round-trips the message id, with or without the partner's own value", () => {
    expect(callbackDataFor(ID)).toBe(`coex:${ID}`);
    expect(messageIdOfCallbackData(callbackDataFor(ID))).toBe(ID);
    expect(messageIdOfCallbackData(callbackDataFor(ID, "order:4711"))).toBe(ID);
    expect(partnerCallbackData(callbackDataFor(ID, "order:4711"))).toBe("order:4711");
    expect(partnerCallbackData(callbackDataFor(ID))).toBeUndefined();
  });

  it("fits Meta's 512 characters with the longest partner value allowed", () => {
    expect(callbackDataFor(ID, "x".repeat(PARTNER_CALLBACK_DATA_MAX))).toHaveLength(512);
  });

  it("does not read another system's value as ours", () => {
    expect(messageIdOfCallbackData("order-4711")).toBeNull();
    expect(messageIdOfCallbackData(`coex:${ID}x`)).toBeNull();
    expect(messageIdOfCallbackData("coex:not-a-uuid-at-all-but-36-chars-long")).toBeNull();
    expect(messageIdOfCallbackData(undefined)).toBeNull();
    expect(partnerCallbackData("order-4711")).toBe("order-4711");
  });
});
