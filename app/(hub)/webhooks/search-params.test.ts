import { describe, expect, it } from "vitest";
import { parseWebhooksSearch } from "./search-params";

const EVENT = "0b6f3a5e-2c1d-4e8f-9a7b-1c2d3e4f5a6b";
const CHANNEL = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

describe("the webhooks page's search params", () => {
  it("reads the filters, the selected event and the page cursor", () => {
    expect(
      parseWebhooksSearch({
        outcome: "failed",
        field: "messages",
        channel: CHANNEL,
        event: EVENT,
        before: `2026-02-10T12:00:00.000Z|${EVENT}`,
      }),
    ).toEqual({
      outcome: "failed",
      field: "messages",
      channel: CHANNEL,
      event: EVENT,
      before: { receivedAt: new Date("2026-02-10T12:00:00.000Z"), id: EVENT },
    });
  });

  it("is empty (every event, first page) without parameters or with empty ones", () => {
    expect(parseWebhooksSearch({})).toEqual({});
    expect(parseWebhooksSearch({ outcome: "", field: "", channel: "" })).toEqual({});
  });

  it("drops each bad value on its own, as the console lists do, keeping the rest", () => {
    expect(
      parseWebhooksSearch({
        outcome: "exploded",
        field: "messages",
        channel: "not-a-uuid",
        event: "1; drop table x",
        before: "yesterday|also-not-a-uuid",
      }),
    ).toEqual({ field: "messages" });
    expect(parseWebhooksSearch({ before: `not a date|${EVENT}` })).toEqual({});
    expect(parseWebhooksSearch({ before: `2026-02-10T12:00:00Z|${EVENT}|extra` })).toEqual({});
  });

  it("takes the first of a repeated parameter", () => {
    expect(parseWebhooksSearch({ outcome: ["processed", "failed"] })).toEqual({
      outcome: "processed",
    });
  });
});
