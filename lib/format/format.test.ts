import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatEnum,
  formatMoney,
  formatMoneyExact,
  formatPhone,
  formatRelative,
} from "./index";

describe("the console's one format", () => {
  it("groups phone numbers as their country writes them, from digits or +digits", () => {
    expect(formatPhone("351912345678")).toBe("+351 912 345 678");
    expect(formatPhone("+5511987650001")).toBe("+55 11 98765 0001");
    expect(formatPhone("919812300002")).toBe("+91 98123 00002");
    expect(formatPhone(null)).toBe("—");
  });

  it("writes money with two decimals and keeps every digit for the title", () => {
    expect(formatMoney({ micros: 6_800, currency: "USD" })).toBe("$0.01");
    expect(formatMoneyExact({ micros: 6_800, currency: "USD" })).toBe("$0.0068");
    expect(formatMoney({ micros: 1_234_567_890, currency: "USD" })).toBe("$1,234.57");
    expect(formatMoney({ micros: 0, currency: "EUR" }, { locale: "de-DE" })).toBe("0,00\u00a0€");
  });

  it("writes enum values as words, not codes", () => {
    expect(formatEnum("GREEN")).toBe("Green");
    expect(formatEnum("request_history_sync")).toBe("Request history sync");
    expect(formatEnum("PRIMARY_INACTIVITY")).toBe("Primary inactivity");
    expect(formatEnum("api_key.created")).toBe("API key created");
  });

  it("says how long ago in words, and the absolute time in the viewer's zone", () => {
    const now = new Date("2026-12-04T15:00:00Z");
    expect(formatRelative(new Date("2026-12-01T15:00:00Z"), now)).toBe("3 days ago");
    expect(formatRelative(new Date("2026-12-03T14:00:00Z"), now)).toBe("yesterday");
    expect(formatRelative(new Date("2026-12-04T17:00:00Z"), now)).toBe("in 2 hours");
    expect(formatRelative(now, now)).toBe("now");
    expect(formatDateTime("2026-12-04T15:25:00Z")).toBe("4 Dec 2026, 15:25 UTC");
    expect(
      formatDateTime("2026-12-04T15:25:00Z", { locale: "en-US", timeZone: "America/New_York" }),
    ).toBe("Dec 4, 2026, 10:25 AM");
  });
});

describe("formatCustomer", () => {
  it("shows the number, else the username, else the BSUID; a BSUID is never read as digits", async () => {
    const { formatCustomer, formatPhone } = await import("./index");
    expect(formatCustomer({ waId: "5511912345678", username: "ana" })).toBe("+55 11 91234 5678");
    expect(formatCustomer({ waId: null, username: "bob", userId: "US.1349" })).toBe("@bob");
    expect(formatCustomer({ waId: null, userId: "US.1349" })).toBe("US.1349");
    expect(formatPhone("BR.1502576394655843")).toBe("BR.1502576394655843");
  });
});
