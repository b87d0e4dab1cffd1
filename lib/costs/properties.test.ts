import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monthKey, priceChannel, priceNewMessage } from "./engine";
import { BRAZIL, HOUR, INDIA } from "./testing";
import { freeReasons, totalCosts } from "./totals";
import type { CostMessage } from "./types";

/**
 * Properties over random channels: a few customers, every kind of message, clustered around a
 * day of each regime (CBP with and without the service allowance, PMP, PMP from 2026-10-01).
 */
const channel = { onboardedAt: new Date("2024-01-01T00:00:00Z") };
const regimeDays = ["2024-10-15", "2025-03-01", "2025-09-01", "2026-03-01", "2026-11-01"];
const kinds = [
  "customer",
  "customer_referral",
  "api_text",
  "api_marketing",
  "api_utility",
  "api_authentication",
  "app",
  "history_in",
  "history_out",
] as const;

const messageArbitrary = (days: number) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    minutes: fc.integer({ min: 0, max: days * 24 * 60 }),
    waId: fc.oneof(
      { arbitrary: fc.constant(INDIA), weight: 4 },
      { arbitrary: fc.constantFrom(BRAZIL, "18765550123"), weight: 1 },
    ),
    failed: fc.boolean(),
  });

const channelOver = (days: number) =>
  fc.record({
    day: fc.constantFrom(...regimeDays),
    messages: fc.array(messageArbitrary(days), { minLength: 4, maxLength: 60, size: "large" }),
  });

const channelArbitrary = channelOver(3);

type GeneratedChannel = typeof channelArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build({ day, messages }: GeneratedChannel): CostMessage[] {
  const start = Date.parse(`${day}T00:00:00Z`);
  return messages
    .map((message, index): CostMessage => {
      const base = {
        id: `m${index}`,
        at: new Date(start + message.minutes * 60_000 + index),
        waId: message.waId,
        type: "text",
      };
      switch (message.kind) {
        case "customer":
        case "customer_referral":
          return {
            ...base,
            origin: "customer",
            direction: "inbound",
            referral: message.kind === "customer_referral",
          };
        case "app":
          return { ...base, origin: "app", direction: "outbound" };
        case "history_in":
          return {
            ...base,
            at: new Date(base.at.getTime() - 200 * 24 * HOUR),
            origin: "history",
            direction: "inbound",
          };
        case "history_out":
          return { ...base, origin: "history", direction: "outbound" };
        case "api_text":
          return { ...base, origin: "api", direction: "outbound", failed: message.failed };
        default: {
          const category = message.kind.replace("api_", "");
          return {
            ...base,
            origin: "api",
            direction: "outbound",
            type: "template",
            template: { name: category, category },
            failed: message.failed && index % 3 === 0,
          };
        }
      }
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

// Generous timeout: the machine running the suite may be shared.
describe("properties of the engine", { timeout: 60_000 }, () => {
  it("app messages are always free", () => {
    fc.assert(
      fc.property(channelArbitrary, (input) => {
        const { priced } = priceChannel({ channel, messages: build(input) });
        for (const message of priced.filter((m) => m.origin === "app")) {
          expect(message).toMatchObject({ charged: false, freeBecause: "app", amount: null });
        }
      }),
    );
  });

  it("adding or removing app and history messages never changes any API message's price", () => {
    fc.assert(
      fc.property(channelArbitrary, (input) => {
        const messages = build(input);
        const apiOnly = messages.filter((m) => m.origin === "api" || m.origin === "customer");
        const apiPrices = (list: CostMessage[]) =>
          priceChannel({ channel, messages: list }).priced.filter((m) => m.origin === "api");
        expect(apiPrices(messages)).toEqual(apiPrices(apiOnly));
      }),
    );
  });

  it("every outbound message is priced once, and the totals add up", () => {
    fc.assert(
      fc.property(channelArbitrary, (input) => {
        const messages = build(input);
        const { priced } = priceChannel({ channel, messages });
        expect(priced).toHaveLength(messages.filter((m) => m.direction === "outbound").length);
        const totals = totalCosts(priced);
        expect(totals.charged.count + totals.free.count).toBe(totals.messages);
        const byReason = freeReasons.reduce((sum, reason) => sum + totals.free.byReason[reason], 0);
        expect(byReason).toBe(totals.free.count);
        const amounts = priced.reduce((sum, m) => sum + (m.amount?.micros ?? 0), 0);
        expect(totals.charged.amountMicros).toBe(amounts);
        for (const message of priced) {
          if (!message.charged) expect(message.amount).toBeNull();
          if (message.charged && message.rate?.known)
            expect(message.amount?.micros).toBeGreaterThan(0);
          expect(message.reason.startsWith(message.charged ? "charged: " : "free: ")).toBe(true);
        }
      }),
    );
  });

  it("a failed send never changes the price of the messages around it", () => {
    fc.assert(
      fc.property(channelArbitrary, (input) => {
        const messages = build(input);
        const delivered = messages.filter((m) => !m.failed);
        const prices = (list: CostMessage[]) =>
          priceChannel({ channel, messages: list })
            .priced.filter((m) => m.freeBecause !== "not_delivered")
            .map(({ conversation, ...rest }) => ({
              ...rest,
              conversation: conversation?.openedBy,
            }));
        expect(prices(messages)).toEqual(prices(delivered));
      }),
    );
  });

  it("under per-message pricing, a new message priced from the customer's last 96 hours and the month's allowance count gets the whole channel's verdict", () => {
    const perMessageDays = regimeDays.filter((day) => day >= "2025-07-01");
    const arbitrary = fc.record({
      day: fc.constantFrom(...perMessageDays),
      messages: fc.array(messageArbitrary(12), { minLength: 4, maxLength: 60, size: "large" }),
    });
    fc.assert(
      fc.property(arbitrary, (input) => {
        const messages = build(input).filter((m) => m.waId === INDIA);
        const full = priceChannel({ channel, messages }).priced;
        const last = full.filter((m) => m.origin === "api").at(-1);
        if (!last) return;
        const message = messages.find((m) => m.id === last.messageId)!;
        const serviceCountBefore = Math.max(
          0,
          ...full
            .filter((m) => m.at < last.at && monthKey(m.at) === monthKey(last.at))
            .map((m) => m.allowanceCount ?? 0),
        );
        const cutoff = last.at.getTime() - 96 * HOUR;
        const verdict = priceNewMessage({
          channel,
          recent: messages.filter((m) => m.at.getTime() >= cutoff && m.at < last.at),
          message,
          serviceCountBefore,
        });
        expect(verdict).toEqual(last);
      }),
      { numRuns: 500 },
    );
  });
});
