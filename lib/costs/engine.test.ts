import { describe, expect, it } from "vitest";
import { ChannelPricer, CostInputError, priceChannel } from "./engine";
import { PricingRulesError, ruleSetAt } from "./rules";
import {
  apiTemplate,
  apiText,
  appMessage,
  at,
  BRAZIL,
  channelOnboardedAt,
  customerMessage,
  historyMessage,
  INDIA,
} from "./testing";
import type { CostMessage } from "./types";

const onboarded = channelOnboardedAt("2023-01-01T00:00:00Z");
const price = (messages: CostMessage[], channel = onboarded) => priceChannel({ channel, messages });
const only = (messages: CostMessage[], id: string, channel = onboarded) => {
  const found = price(messages, channel).priced.find((message) => message.messageId === id);
  if (!found) throw new Error(`no priced message ${id}`);
  return found;
};

describe("conversation-based pricing (before 2025-07-01)", () => {
  const day = "2025-03-03T10:00:00Z";

  it("a marketing template opens a charged 24-hour marketing conversation and the next one inside it is free", () => {
    const first = apiTemplate(at(day), "marketing");
    const second = apiTemplate(at(day, 23.9), "marketing");
    const third = apiTemplate(at(day, 24), "marketing");
    const { priced, windows } = price([first, second, third]);
    expect(priced[0]).toMatchObject({
      charged: true,
      model: "CBP",
      ruleSetId: "cbp-2024-11-01",
      reason: "charged: marketing template, opens a 24-hour marketing conversation",
    });
    expect(priced[0]?.conversation).toMatchObject({ category: "marketing", openedBy: first.id });
    expect(priced[1]).toMatchObject({
      charged: false,
      freeBecause: "in_conversation",
      reason: "free: inside the open marketing conversation (charged once, at its first message)",
    });
    expect(priced[2]).toMatchObject({ charged: true });
    expect(windows.filter((band) => band.kind === "conversation")).toHaveLength(2);
  });

  it("a utility template inside an open marketing conversation opens its own utility conversation", () => {
    const marketing = apiTemplate(at(day), "marketing");
    const utility = apiTemplate(at(day, 2), "utility");
    const { priced, windows } = price([marketing, utility]);
    expect(priced.map((message) => message.charged)).toEqual([true, true]);
    expect(priced[1]?.conversation?.category).toBe("utility");
    const bands = windows.filter((band) => band.kind === "conversation");
    expect(bands.map((band) => band.category)).toEqual(["marketing", "utility"]);
    // Overlapping: the utility conversation starts before the marketing one ends.
    expect(bands[1]!.start < bands[0]!.end).toBe(true);
  });

  it("a free-form reply rides on any open conversation, and opens a service conversation once none is open", () => {
    const marketing = apiTemplate(at(day), "marketing");
    const customer = customerMessage(at(day, 20));
    const covered = apiText(at(day, 21));
    const afterExpiry = apiText(at(day, 25));
    const { priced } = price([marketing, customer, covered, afterExpiry]);
    expect(priced[1]).toMatchObject({ charged: false, freeBecause: "in_conversation" });
    expect(priced[1]?.conversation?.openedBy).toBe(marketing.id);
    expect(priced[2]).toMatchObject({
      charged: false,
      category: "service",
      freeBecause: "window",
      reason: "free: service conversation (free from 2024-11-01)",
    });
    expect(priced[2]?.conversation?.openedBy).toBe(afterExpiry.id);
  });

  it("before 2024-11-01 the first 1,000 service conversations of a month are free and the 1,001st is charged", () => {
    const messages: CostMessage[] = [];
    for (let i = 0; i < 1001; i += 1) {
      const waId = `9198765${String(i).padStart(5, "0")}`;
      messages.push(customerMessage(at("2024-10-02T08:00:00Z", i / 100), { waId }));
      messages.push(apiText(at("2024-10-02T08:00:30Z", i / 100), { waId }));
    }
    const { priced } = price(messages);
    expect(priced[999]).toMatchObject({
      charged: false,
      freeBecause: "free_tier",
      reason: "free: service conversation 1,000 of the 1,000 free this month",
    });
    expect(priced[1000]).toMatchObject({
      charged: true,
      model: "CBP",
      reason: "charged: service conversation beyond the 1,000 free this month",
    });
  });

  it("a charged CBP conversation has no rate known: the card holds per-message rates only", () => {
    const { priced } = price([apiTemplate(at(day), "marketing")]);
    expect(priced[0]?.amount).toBeNull();
    expect(priced[0]?.rate).toEqual({
      known: false,
      why: "no rate known: no CBP marketing rate in USD for India on 2025-03-03",
    });
  });
});

describe("the free entry point window", () => {
  const day = "2026-02-02T12:00:00Z";
  const channel = channelOnboardedAt("2026-01-01T00:00:00Z");

  it("an API answer within 24 hours of an ad referral opens 72 free hours, templates included", () => {
    const referred = customerMessage(at(day), { referral: true });
    const answer = apiText(at(day, 23));
    const insideMarketing = apiTemplate(at(day, 23 + 71.9), "marketing");
    const afterMarketing = apiTemplate(at(day, 23 + 72), "marketing");
    const { priced, windows } = price([referred, answer, insideMarketing, afterMarketing], channel);
    expect(priced[0]).toMatchObject({
      charged: false,
      freeBecause: "entry_point",
      category: "referral_conversion",
      reason: "free: free entry point window (ad referral)",
    });
    expect(priced[1]).toMatchObject({ charged: false, freeBecause: "entry_point" });
    expect(priced[2]).toMatchObject({ charged: true, reason: "charged: marketing template" });
    const band = windows.find((window) => window.kind === "entry_point");
    expect(band).toMatchObject({ openedBy: answer.id, start: at(day, 23), end: at(day, 95) });
  });

  it("an answer 24 hours or more after the referral opens no free entry point", () => {
    const late = apiTemplate(at(day, 24), "marketing");
    const messages = [customerMessage(at(day), { referral: true }), late];
    expect(only(messages, late.id, channel)).toMatchObject({ charged: true });
    expect(price(messages, channel).windows.some((band) => band.kind === "entry_point")).toBe(
      false,
    );
  });

  it("an app answer does not open the free entry point; the API's first answer does", () => {
    const appAnswer = appMessage(at(day, 1));
    const apiAnswer = apiTemplate(at(day, 5), "marketing");
    const { windows } = price(
      [customerMessage(at(day), { referral: true }), appAnswer, apiAnswer],
      channel,
    );
    expect(windows.find((band) => band.kind === "entry_point")?.openedBy).toBe(apiAnswer.id);
  });

  it("from 2026-10-01 the free entry point stays free and uses none of the 1,000 free service messages", () => {
    const referred = customerMessage(at("2026-10-05T09:00:00Z"), { referral: true });
    const inEntryPoint = apiText(at("2026-10-05T10:00:00Z"));
    const utilityInside = apiTemplate(at("2026-10-06T10:00:00Z"), "utility");
    const otherCustomer = customerMessage(at("2026-10-09T09:00:00Z"), { waId: BRAZIL });
    const service = apiText(at("2026-10-09T09:01:00Z"), { waId: BRAZIL });
    const { priced } = price(
      [referred, inEntryPoint, utilityInside, otherCustomer, service],
      channel,
    );
    expect(priced.slice(0, 2).map((message) => message.freeBecause)).toEqual([
      "entry_point",
      "entry_point",
    ]);
    expect(priced[2]?.reason).toBe("free: service message 1 of the 1,000 free this month");
  });

  it("a referral before onboarding opens no free entry point", () => {
    const answer = apiTemplate(at("2026-01-01T03:00:00Z"), "marketing");
    const messages = [customerMessage(at("2025-12-31T23:00:00Z"), { referral: true }), answer];
    expect(only(messages, answer.id, channel)).toMatchObject({ charged: true });
  });
});

describe("the customer service window", () => {
  const day = "2025-09-01T08:00:00Z";

  it("each customer message resets the window to 24 hours after it", () => {
    const first = customerMessage(at(day));
    const second = customerMessage(at(day, 20));
    const freeAt43 = apiTemplate(at(day, 43.9), "utility");
    const chargedAt44 = apiTemplate(at(day, 44), "utility");
    const { priced, windows } = price([first, second, freeAt43, chargedAt44]);
    expect(priced.map((message) => message.charged)).toEqual([false, true]);
    expect(windows).toEqual([
      {
        waId: INDIA,
        kind: "service",
        category: null,
        start: at(day),
        end: at(day, 44),
        openedBy: first.id,
        extendedBy: [second.id],
      },
    ]);
  });

  it("a customer message after the window closed opens a new band", () => {
    const { windows } = price([customerMessage(at(day)), customerMessage(at(day, 30))]);
    expect(windows.map((band) => [band.start, band.end])).toEqual([
      [at(day), at(day, 24)],
      [at(day, 30), at(day, 54)],
    ]);
  });

  it("history and echoes never open a window, even when timestamped after onboarding", () => {
    const template = apiTemplate(at(day, 2), "utility");
    const messages = [
      historyMessage(at(day), "inbound"),
      historyMessage(at(day, 0.5), "outbound"),
      appMessage(at(day, 1)),
      template,
    ];
    const { priced, windows } = price(messages);
    expect(windows).toEqual([]);
    expect(priced.find((message) => message.messageId === template.id)).toMatchObject({
      charged: true,
      reason: "charged: utility template outside the service window",
    });
    expect(priced[0]).toMatchObject({
      charged: false,
      freeBecause: "history",
      reason: "free: imported history (sent from the app before onboarding)",
    });
  });

  it("a customer message received before onboarding gives no window", () => {
    const channel = channelOnboardedAt("2025-09-01T10:00:00Z");
    const template = apiTemplate(at(day, 3), "utility");
    const messages = [customerMessage(at(day, 1.99)), template];
    expect(only(messages, template.id, channel)).toMatchObject({ charged: true });
    expect(price(messages, channel).windows).toEqual([]);
  });

  it("a system message opens no window", () => {
    const template = apiTemplate(at(day, 1), "utility");
    const messages = [customerMessage(at(day), { type: "system" }), template];
    expect(only(messages, template.id)).toMatchObject({ charged: true });
  });

  it("app and API windows are independent: an app reply does not use or extend the API's window", () => {
    const template = apiTemplate(at(day, 25), "utility");
    const messages = [customerMessage(at(day)), appMessage(at(day, 23)), template];
    expect(only(messages, template.id)).toMatchObject({ charged: true });
  });

  it("a free-form API message outside the window is marked as one Meta rejects (131047)", () => {
    const stray = apiText(at(day));
    const priced = only([stray], stray.id);
    expect(priced.outsideServiceWindow).toBe(true);
    expect(priced.reason).toContain("error 131047");
  });

  it("a failed send is free and opens nothing", () => {
    const failed = apiTemplate(at("2025-03-03T10:00:00Z"), "marketing", { failed: true });
    const next = apiTemplate(at("2025-03-03T11:00:00Z"), "marketing");
    const { priced } = price([failed, next]);
    expect(priced[0]).toMatchObject({
      charged: false,
      freeBecause: "not_delivered",
      reason: "free: not delivered (the send failed)",
    });
    expect(priced[1]).toMatchObject({ charged: true });
  });
});

describe("the monthly allowance of 1,000 free service messages (from 2026-10-01)", () => {
  const channel = channelOnboardedAt("2026-09-01T00:00:00Z");

  it("the 1,001st service message of a month is charged at the market's utility rate, across customers", () => {
    const messages: CostMessage[] = [];
    for (let i = 0; i < 1001; i += 1) {
      const waId = i % 2 === 0 ? INDIA : BRAZIL;
      if (i < 2) messages.push(customerMessage(at("2026-10-20T08:00:00Z"), { waId }));
      messages.push(apiText(at("2026-10-20T08:01:00Z", i / 100), { waId }));
    }
    const { priced } = price(messages, channel);
    expect(priced.filter((message) => message.charged)).toHaveLength(1);
    expect(priced[1000]).toMatchObject({
      waId: INDIA,
      charged: true,
      rateCategory: "utility",
      amount: { currency: "USD", micros: 1_400 },
    });
  });

  it("a template Meta priced takes no free service place, even when the hub knew only its status", () => {
    // A send from the partner's own software reaches the hub as statuses only: a row of type
    // "unknown" whose pricing object says marketing. It must not use one of the 1,000 places.
    const template = apiText(at("2026-10-20T07:00:00Z"), {
      type: "unknown",
      pricing: { pricing_model: "PMP", type: "regular", category: "marketing" },
    });
    const messages: CostMessage[] = [template, customerMessage(at("2026-10-20T08:00:00Z"))];
    for (let i = 0; i < 1000; i += 1) {
      messages.push(apiText(at("2026-10-20T08:01:00Z", i / 100)));
    }
    const { priced } = price(messages, channel);
    expect(priced[0]).toMatchObject({ charged: true, category: "marketing", allowanceCount: null });
    expect(priced.filter((message) => message.charged)).toHaveLength(1);
    expect(priced[1000]).toMatchObject({
      charged: false,
      allowanceCount: 1000,
      reason: "free: service message 1,000 of the 1,000 free this month",
    });
  });

  it("the allowance starts again on the first of the month (UTC)", () => {
    const late = apiText(at("2026-10-31T23:59:59Z"));
    const early = apiText(at("2026-11-01T00:00:00Z"));
    const { priced } = priceChannel({
      channel,
      messages: [customerMessage(at("2026-10-31T20:00:00Z")), late, early],
      priorServiceCounts: { "2026-10": 1000 },
    });
    expect(priced[0]).toMatchObject({ charged: true });
    expect(priced[1]).toMatchObject({
      charged: false,
      reason: "free: service message 1 of the 1,000 free this month",
    });
  });
});

describe("the day boundaries of each regime (UTC)", () => {
  it("2025-06-30T23:59:59Z is conversation-based and 2025-07-01T00:00:00Z per-message", () => {
    expect(ruleSetAt(new Date("2025-06-30T23:59:59.999Z")).id).toBe("cbp-2024-11-01");
    expect(ruleSetAt(new Date("2025-07-01T00:00:00Z")).id).toBe("pmp-2025-07-01");
    const before = apiTemplate(at("2025-06-30T23:59:59Z"), "marketing");
    const after = apiTemplate(at("2025-07-01T00:00:00Z"), "marketing");
    const { priced } = price([before, after]);
    expect(priced.map((message) => [message.model, message.charged])).toEqual([
      ["CBP", true],
      ["PMP", true],
    ]);
  });

  it("service conversations turn free at 2024-11-01T00:00:00Z", () => {
    const messages = [
      customerMessage(at("2024-10-31T23:00:00Z")),
      apiText(at("2024-10-31T23:59:59Z")),
      customerMessage(at("2024-11-01T00:00:00Z"), { waId: BRAZIL }),
      apiText(at("2024-11-01T00:00:00Z"), { waId: BRAZIL }),
    ];
    const { priced } = price(messages);
    expect(priced.map((message) => [message.ruleSetId, message.freeBecause])).toEqual([
      ["cbp-2023-06-01", "free_tier"],
      ["cbp-2024-11-01", "window"],
    ]);
  });

  it("a utility template in the window is free at 2026-09-30T23:59:59Z and charged at 2026-10-01T00:00:00Z", () => {
    const before = apiTemplate(at("2026-09-30T23:59:59Z"), "utility");
    const after = apiTemplate(at("2026-10-01T00:00:00Z"), "utility");
    const { priced } = price([customerMessage(at("2026-09-30T12:00:00Z")), before, after]);
    expect(priced.map((message) => [message.ruleSetId, message.charged])).toEqual([
      ["pmp-2025-07-01", false],
      ["pmp-2026-10-01", true],
    ]);
  });

  it("an API message before the first rule set is refused with a clear error", () => {
    expect(() => price([apiTemplate(at("2023-05-31T23:59:59Z"), "marketing")])).toThrow(
      new PricingRulesError(
        "No pricing rule set covers 2023-05-31T23:59:59.000Z: the oldest starts 2023-06-01T00:00:00Z",
      ),
    );
  });
});

describe("markets and rates", () => {
  const day = "2026-02-10T10:00:00Z";

  it("a marketing template to Brazil costs the Brazilian marketing rate", () => {
    const template = apiTemplate(at(day), "marketing", { waId: BRAZIL });
    expect(only([template], template.id)).toMatchObject({
      market: { id: "BR", name: "Brazil", country: "BR", callingCode: "55" },
      amount: { currency: "USD", micros: 62_500 },
      rate: { known: true, rateId: "BR:marketing:PMP:USD:2026-01-01:0" },
    });
  });

  it("a template to a market not on the card is charged with no rate known, never a guessed price", () => {
    const template = apiTemplate(at(day), "marketing", { waId: "18765550123" });
    expect(only([template], template.id)).toMatchObject({
      charged: true,
      amount: null,
      rate: { known: false, why: "no rate known: JM (+1) is not on the rate card" },
    });
  });

  it("a template sent before the card's first date has no rate known", () => {
    const template = apiTemplate(at("2025-08-01T00:00:00Z"), "marketing");
    expect(only([template], template.id).rate).toEqual({
      known: false,
      why: "no rate known: no PMP marketing rate in USD for India on 2025-08-01",
    });
  });
});

describe("Meta's pricing object", () => {
  const day = "2026-03-01T10:00:00Z";

  it("overrides the engine when it disagrees, and the difference is flagged", () => {
    const template = apiTemplate(at(day, 1), "utility", {
      pricing: { pricing_model: "PMP", type: "regular", category: "utility", billable: true },
    });
    const priced = only([customerMessage(at(day)), template], template.id);
    expect(priced).toMatchObject({
      charged: true,
      decidedBy: "meta",
      amount: { micros: 1_400 },
      reason: "charged: Meta billed it as utility (PMP)",
      disagreement: {
        fields: ["charged"],
        engine: { charged: false, reason: "free: utility template inside the service window" },
        meta: { charged: true, category: "utility", model: "PMP", type: "regular" },
      },
    });
  });

  it("when it agrees, nothing is flagged and the engine's reason stands", () => {
    const template = apiTemplate(at(day), "marketing", {
      pricing: { pricing_model: "PMP", type: "regular", category: "marketing" },
    });
    expect(only([template], template.id)).toMatchObject({
      decidedBy: "meta",
      disagreement: null,
      reason: "charged: marketing template",
    });
  });

  it("its category decides the rate: authentication-international in India", () => {
    const template = apiTemplate(at(day), "authentication", {
      pricing: { pricing_model: "PMP", type: "regular", category: "authentication-international" },
    });
    expect(only([template], template.id)).toMatchObject({
      category: "authentication-international",
      amount: { micros: 28_000 },
      disagreement: { fields: ["category"] },
    });
  });

  it("a free_entry_point type makes a message free even when the engine saw no referral", () => {
    const template = apiTemplate(at(day), "marketing", {
      pricing: { pricing_model: "PMP", type: "free_entry_point", category: "referral_conversion" },
    });
    expect(only([template], template.id)).toMatchObject({
      charged: false,
      freeBecause: "entry_point",
      reason: "free: Meta reported it as free_entry_point (referral_conversion)",
      disagreement: { fields: ["charged", "category"] },
    });
  });

  it("under CBP, Meta's billable flag on every message of a conversation charges only the first", () => {
    const pricing = { pricing_model: "CBP", billable: true, category: "marketing" };
    const first = apiTemplate(at("2025-03-03T10:00:00Z"), "marketing", {
      pricing,
      metaConversationId: "conv-1",
    });
    const second = apiTemplate(at("2025-03-03T12:00:00Z"), "marketing", {
      pricing,
      metaConversationId: "conv-1",
    });
    const { priced } = price([first, second]);
    expect(priced.map((message) => [message.charged, message.disagreement])).toEqual([
      [true, null],
      [false, null],
    ]);
  });

  it("under CBP, a new Meta conversation id where the engine saw an open one is charged and flagged", () => {
    const first = apiTemplate(at("2025-03-03T10:00:00Z"), "marketing", {
      pricing: { pricing_model: "CBP", billable: true, category: "marketing" },
      metaConversationId: "conv-1",
    });
    const second = apiTemplate(at("2025-03-03T12:00:00Z"), "marketing", {
      pricing: { pricing_model: "CBP", billable: true, category: "marketing" },
      metaConversationId: "conv-2",
    });
    const { priced } = price([first, second]);
    expect(priced[1]).toMatchObject({ charged: true, disagreement: { fields: ["charged"] } });
  });
});

describe("bad input", () => {
  it("a message without a valid date is refused, naming the message", () => {
    const broken = apiText(new Date("not a date"), { id: "wamid.broken" });
    expect(() => price([broken])).toThrow(
      new CostInputError("Message wamid.broken has no valid date"),
    );
  });

  it("a customer message marked outbound is refused", () => {
    const wrong = customerMessage(at("2026-01-01T00:00:00Z"), {
      id: "wamid.wrong",
      direction: "outbound",
    });
    expect(() => price([wrong])).toThrow(/wamid.wrong: origin "customer" must be inbound/);
  });

  it("messages given out of order are priced in time order", () => {
    const template = apiTemplate(at("2025-09-01T10:00:00Z"), "utility");
    const messages = [template, customerMessage(at("2025-09-01T09:00:00Z"))];
    expect(only(messages, template.id)).toMatchObject({ charged: false, freeBecause: "window" });
  });
});

describe("the channel pricer, message by message", () => {
  it("gives each outbound message its verdict as it is added", () => {
    const pricer = new ChannelPricer({ channel: channelOnboardedAt("2026-01-01T00:00:00Z") });
    expect(pricer.add(customerMessage(at("2026-03-01T10:00:00Z")))).toBeNull();
    expect(pricer.add(apiTemplate(at("2026-03-01T11:00:00Z"), "utility"))).toMatchObject({
      charged: false,
      freeBecause: "window",
    });
    expect(pricer.windows()).toHaveLength(1);
  });

  it("refuses a message older than the one before it", () => {
    const pricer = new ChannelPricer({ channel: channelOnboardedAt("2026-01-01T00:00:00Z") });
    pricer.add(customerMessage(at("2026-03-01T10:00:00Z")));
    expect(() => pricer.add(apiText(at("2026-03-01T09:00:00Z"), { id: "wamid.late" }))).toThrow(
      /wamid.late .* is older than the message before it/,
    );
  });
});

describe("the free entry point window, extended", () => {
  it("a second referral answered in time pushes the end of the free entry point out", () => {
    const channel = channelOnboardedAt("2026-01-01T00:00:00Z");
    const day = "2026-02-02T12:00:00Z";
    const firstAnswer = apiText(at(day, 1));
    const secondAnswer = apiText(at(day, 51));
    const { windows } = priceChannel({
      channel,
      messages: [
        customerMessage(at(day), { referral: true }),
        firstAnswer,
        customerMessage(at(day, 50), { referral: true }),
        secondAnswer,
      ],
    });
    expect(windows.filter((band) => band.kind === "entry_point")).toEqual([
      expect.objectContaining({
        start: at(day, 1),
        end: at(day, 51 + 72),
        openedBy: firstAnswer.id,
        extendedBy: [secondAnswer.id],
      }),
    ]);
  });
});

describe("template categories as Meta writes them", () => {
  it("an upper-case MARKETING template is priced as marketing", () => {
    const template = apiTemplate(at("2026-02-01T10:00:00Z"), "MARKETING");
    expect(only([template], template.id)).toMatchObject({
      category: "marketing",
      amount: { micros: 11_800 },
    });
  });

  it("a template category the engine does not know is charged with no rate known", () => {
    const template = apiTemplate(at("2026-02-01T10:00:00Z"), "mystery");
    expect(only([template], template.id)).toMatchObject({
      charged: true,
      reason: "charged: mystery template",
      amount: null,
      rate: { known: false },
    });
  });
});
