import { describe, expect, it } from "vitest";
import { startRetryDelayMs } from "@/lib/startup";
import { isConcurrencyConflict, isDatabaseUnreachable } from "./db-errors";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("isDatabaseUnreachable", () => {
  it("is true for connection failures, also as a cause or inside an AggregateError", () => {
    expect(isDatabaseUnreachable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnreachable(withCode("CONNECT_TIMEOUT"))).toBe(true);
    expect(isDatabaseUnreachable(withCode("57P03", "the database system is starting up"))).toBe(
      true,
    );
    expect(isDatabaseUnreachable(new Error("Failed query", { cause: withCode("08006") }))).toBe(
      true,
    );
    expect(isDatabaseUnreachable(new AggregateError([withCode("ECONNREFUSED")]))).toBe(true);
  });

  it("is false for errors in what was asked: a failed migration must stop start-up", () => {
    expect(isDatabaseUnreachable(withCode("42P01", 'relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnreachable(withCode("23505"))).toBe(false);
    expect(isDatabaseUnreachable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
  });
});

describe("isConcurrencyConflict", () => {
  it("is true for a deadlock, a serialization failure or a lock timeout, also as a cause", () => {
    expect(isConcurrencyConflict(new Error("Failed query", { cause: withCode("40P01") }))).toBe(
      true,
    );
    expect(isConcurrencyConflict(withCode("40001"))).toBe(true);
    expect(isConcurrencyConflict(withCode("55P03"))).toBe(true);
  });

  it("is false for anything else: a bad row fails the same way twice", () => {
    expect(isConcurrencyConflict(withCode("23505"))).toBe(false);
    expect(isConcurrencyConflict(withCode("ECONNREFUSED"))).toBe(false);
    expect(isConcurrencyConflict(new Error("boom"))).toBe(false);
  });
});

describe("startRetryDelayMs", () => {
  it("backs off from 1 s, doubling, to at most 10 s", () => {
    expect([1, 2, 3, 4, 5, 9].map(startRetryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });
});
