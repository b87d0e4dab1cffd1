import { describe, expect, it } from "vitest";
import { parseChannelEventsSearch } from "./search-params";

const EVENT = "0b6f3a5e-2c1d-4e8f-9a7b-1c2d3e4f5a6b";
const ROW = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

describe("the channel Events tab's search params", () => {
  it("reads the filters, the open event and both lists' page positions", () => {
    expect(
      parseChannelEventsSearch({
        outcome: "failed",
        field: "account_update",
        event: EVENT,
        before: `2026-02-10T12:00:00.000Z|${EVENT}`,
        lifecycle_before: `2026-02-09T08:30:00.000Z|${ROW}`,
      }),
    ).toEqual({
      outcome: "failed",
      field: "account_update",
      event: EVENT,
      before: { at: new Date("2026-02-10T12:00:00.000Z"), id: EVENT },
      lifecycle_before: { at: new Date("2026-02-09T08:30:00.000Z"), id: ROW },
    });
  });

  it("is empty (every event, no body, first pages) without parameters or with empty ones", () => {
    expect(parseChannelEventsSearch({})).toEqual({});
    expect(parseChannelEventsSearch({ outcome: "", field: "", event: "", before: "" })).toEqual({});
  });

  it("drops each bad value on its own, as the console lists do, keeping the rest", () => {
    expect(
      parseChannelEventsSearch({
        outcome: "exploded",
        field: "messages",
        event: "1; drop table x",
        before: "yesterday|also-not-a-uuid",
        lifecycle_before: `2026-02-09T08:30:00.000Z|${ROW}|extra`,
      }),
    ).toEqual({ field: "messages" });
    // A field the hub does not know is no filter (unlike the partner-wide webhooks page).
    expect(parseChannelEventsSearch({ field: "not_a_field", outcome: "processed" })).toEqual({
      outcome: "processed",
    });
    expect(parseChannelEventsSearch({ lifecycle_before: `not a date|${ROW}` })).toEqual({});
  });

  it("takes the first of a repeated parameter", () => {
    expect(parseChannelEventsSearch({ outcome: ["processed", "failed"] })).toEqual({
      outcome: "processed",
    });
  });
});
