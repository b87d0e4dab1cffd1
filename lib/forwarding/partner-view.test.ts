import { describe, expect, it } from "vitest";
import { callbackDataFor } from "@/lib/chats/send/callback-data";
import { withPartnerCallbackData } from "./partner-view";

const ID = "0b7c3f8e-2d4a-4b61-9a8e-5f0c2e9d1a77";
const status = (extra: Record<string, unknown>) => ({
  id: "wamid.1",
  status: "delivered",
  timestamp: "1790000000",
  recipient_id: "5511912345678",
  ...extra,
});

describe("forwarded statuses carry the partner's own callback data", () => {
  it("hands back exactly what the partner sent, without the hub's reference", () => {
    const value = {
      statuses: [status({ biz_opaque_callback_data: callbackDataFor(ID, "order:42") })],
    };
    expect(withPartnerCallbackData(value)).toEqual({
      statuses: [status({ biz_opaque_callback_data: "order:42" })],
    });
  });

  it("drops the field when the partner sent none, and leaves foreign values and other fields alone", () => {
    const value = {
      contacts: [{ wa_id: "5511912345678" }],
      statuses: [
        status({ biz_opaque_callback_data: callbackDataFor(ID) }),
        status({ id: "wamid.2", biz_opaque_callback_data: "set-by-another-app" }),
        status({ id: "wamid.3" }),
      ],
    };
    expect(withPartnerCallbackData(value)).toEqual({
      contacts: [{ wa_id: "5511912345678" }],
      statuses: [
        status({}),
        status({ id: "wamid.2", biz_opaque_callback_data: "set-by-another-app" }),
        status({ id: "wamid.3" }),
      ],
    });
  });
});
