import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toDate } from "./rows";

describe("raw rows", () => {
  it("reads timestamptz text as Postgres and PGlite print it", () => {
    expect(toDate("2026-01-10 00:00:00+00")?.toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(toDate("2026-01-10 02:00:00.25+02")?.toISOString()).toBe("2026-01-10T00:00:00.250Z");
    expect(toDate("2026-01-10T00:00:00.000Z")?.toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(toDate(null)).toBeNull();
  });

  it("round-trips a keyset cursor and refuses a forged one", () => {
    expect(decodeCursor(encodeCursor("1767000000.123456", "1767000000.5", 4711))).toEqual({
      epoch: "1767000000.123456",
      arrival: "1767000000.5",
      seq: "4711",
    });
    expect(decodeCursor(Buffer.from("1'; drop table|x").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("1767000000|1; select").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("1767000000|1|2|3").toString("base64url"))).toBeNull();
  });

  it("still reads a cursor made before arrivals (sent_at and seq only)", () => {
    expect(decodeCursor(Buffer.from("1767000000.123456|4711").toString("base64url"))).toEqual({
      epoch: "1767000000.123456",
      arrival: null,
      seq: "4711",
    });
  });
});
