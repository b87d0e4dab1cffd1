import { describe, expect, it } from "vitest";
import { splitByConversation } from "./conversations";

const CHANNEL = "c1";
const bob = { profile: { username: "bob" }, user_id: "US.1349" };
const ana = { profile: { name: "Ana" }, wa_id: "5511912345678", user_id: "BR.1502" };
const fromBob = {
  from_user_id: "US.1349",
  id: "w1",
  timestamp: "1",
  type: "text",
  text: { body: "hi" },
};
const fromAna = {
  from: "5511912345678",
  from_user_id: "BR.1502",
  id: "w2",
  timestamp: "2",
  type: "text",
};

describe("forwarding order per conversation with BSUIDs", () => {
  it("splits by customer, a username-only one included, each part keeping its own contact unchanged", () => {
    const value = {
      messaging_product: "whatsapp",
      metadata: { phone_number_id: "1" },
      contacts: [bob, ana],
      messages: [fromBob, fromAna],
    };
    const parts = splitByConversation(CHANNEL, value);
    expect(parts).toEqual([
      { orderKey: "c1:US.1349", value: { ...value, contacts: [bob], messages: [fromBob] } },
      { orderKey: "c1:BR.1502", value: { ...value, contacts: [ana], messages: [fromAna] } },
    ]);
  });

  it("keys a status by its BSUID when it has one, by number otherwise", () => {
    const one = (status: Record<string, unknown>) =>
      splitByConversation(CHANNEL, { statuses: [status] })[0]!.orderKey;
    expect(one({ id: "w", status: "read", recipient_user_id: "US.1349" })).toBe("c1:US.1349");
    expect(one({ id: "w", status: "read", recipient_id: "5511", recipient_user_id: "BR.1" })).toBe(
      "c1:BR.1",
    );
    expect(one({ id: "w", status: "read", recipient_id: "5511" })).toBe("c1:5511");
  });
});
