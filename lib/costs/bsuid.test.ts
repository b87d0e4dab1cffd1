import { describe, expect, it } from "vitest";
import { costsToCsv } from "./csv";
import { priceChannel } from "./engine";
import { marketOf } from "./markets";
import { defaultRateCard } from "./rate-card";
import { apiTemplate, apiText, at, BRAZIL, channelOnboardedAt, customerMessage } from "./testing";

/** Customers Meta names by business-scoped user id only (a username hides their number). */
const BOB_BR = "BR.1502576394655843";
const onboarded = channelOnboardedAt("2025-01-01T00:00:00Z");
const day = "2025-09-03T10:00:00Z";

describe("pricing a customer known only by BSUID", () => {
  it("takes the market from the BSUID's country prefix, not from its digits", () => {
    const market = marketOf(BOB_BR, defaultRateCard);
    expect(market).toMatchObject({ id: "BR", country: "BR", fromBsuid: true });
    // Read as digits, BR.1502... would have been +1 502: North America.
    expect(marketOf("15025763946", defaultRateCard).id).not.toBe("BR");
  });

  it("charges a template at the country's rate and says where the market came from", () => {
    const byBsuid = apiTemplate(at(day), "marketing", { waId: BOB_BR });
    const byNumber = apiTemplate(at(day), "marketing", { waId: BRAZIL });
    const [bsuid] = priceChannel({ channel: onboarded, messages: [byBsuid] }).priced;
    const [number] = priceChannel({ channel: onboarded, messages: [byNumber] }).priced;
    expect(bsuid!.amount).toEqual(number!.amount);
    expect(bsuid!.reason).toMatch(/market Brazil from the customer's BSUID country \(BR\)/);
    expect(number!.reason).not.toMatch(/BSUID/);
  });

  it("keeps one service window per person, whichever address each message named", () => {
    const customer = "contact-1";
    const wrote = customerMessage(at(day), { waId: BRAZIL, customer });
    const reply = apiText(at(day, 1), { waId: BOB_BR, customer });
    const { priced } = priceChannel({ channel: onboarded, messages: [wrote, reply] });
    expect(priced.find((p) => p.messageId === reply.id)).toMatchObject({
      charged: false,
      outsideServiceWindow: false,
    });
  });

  it("exports the BSUID in its own CSV column, the number column empty", () => {
    const { priced } = priceChannel({
      channel: onboarded,
      messages: [apiTemplate(at(day), "utility", { waId: BOB_BR })],
    });
    const [header, row] = costsToCsv(priced).split("\r\n");
    const cells = row!.split(",");
    const columns = header!.split(",");
    expect(cells[columns.indexOf("wa_id")]).toBe("");
    expect(cells[columns.indexOf("user_id")]).toBe(BOB_BR);
  });
});
