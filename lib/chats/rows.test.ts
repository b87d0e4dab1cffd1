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
    const id = "0b7e2c2e-1111-4a4a-8888-123456789abc";
    expect(decodeCursor(encodeCursor("1767000000.123456", id))).toEqual({
      epoch: "1767000000.123456",
      id,
    });
    expect(decodeCursor(Buffer.from("1'; drop table|x").toString("base64url"))).toBeNull();
  });
});
