import { describe, expect, it } from "vitest";
import { costsToCsv } from "./csv";
import { priceChannel } from "./engine";
import { apiTemplate, appMessage, at, channelOnboardedAt, customerMessage } from "./testing";

describe("the cost export", () => {
  it("has one row per outbound message with its amount and reason", () => {
    const template = apiTemplate(at("2026-02-01T10:00:00Z"), "marketing", { id: "wamid.1" });
    const echo = appMessage(at("2026-02-01T11:00:00Z"), { id: "=HYPERLINK(1)" });
    const { priced } = priceChannel({
      channel: channelOnboardedAt("2026-01-01T00:00:00Z"),
      messages: [customerMessage(at("2026-02-01T09:00:00Z")), template, echo],
    });
    const lines = costsToCsv(priced).split("\r\n");
    expect(lines[0]).toBe(
      "message_id,wa_id,user_id,sent_at,origin,charged,category,rate_category,pricing_model,amount,currency,rate,reason,free_because,rule_set,market,decided_by,meta_disagrees",
    );
    expect(lines[1]).toBe(
      "wamid.1,919876543210,,2026-02-01T10:00:00.000Z,api,yes,marketing,marketing,PMP,0.0118,USD,IN:marketing:PMP:USD:2026-01-01:0,charged: marketing template,,pmp-2025-07-01,IN,engine,",
    );
    expect(lines[2]).toBe(
      "'=HYPERLINK(1),919876543210,,2026-02-01T11:00:00.000Z,app,no,service,,,,,,free: sent from the app,app,,IN,engine,",
    );
    expect(lines).toHaveLength(4);
  });
});
