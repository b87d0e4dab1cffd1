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
    expect(decodeCursor(encodeCursor("1767000000.123456", 4711))).toEqual({
      epoch: "1767000000.123456",
      seq: "4711",
    });
    expect(decodeCursor(Buffer.from("1'; drop table|x").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("1767000000|1; select").toString("base64url"))).toBeNull();
  });
});
