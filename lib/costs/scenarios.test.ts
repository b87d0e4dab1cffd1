import { describe, expect, it } from "vitest";
import { priceChannel } from "./engine";
import { estimateSend } from "./estimate";
import {
  apiTemplate,
  apiText,
  appMessage,
  at,
  channelOnboardedAt,
  customerMessage,
  historyMessage,
  INDIA,
} from "./testing";
import type { CostMessage } from "./types";

/**
 * The seed's five coexistence scenarios (spec coexistence.md §4), under the two per-message
 * regimes: 2025-07-01 to 2026-09-30, and from 2026-10-01. Dates sit in 2026 so the repo's rate
 * card (effective 2026-01-01) gives amounts; the customer is in India (utility USD 0.0014).
 */
const channel = channelOnboardedAt("2026-01-15T00:00:00Z");
const regimes = [
  { name: "until 2026-09-30", day: "2026-03-10T09:00:00Z", ruleSetId: "pmp-2025-07-01" },
  { name: "from 2026-10-01", day: "2026-11-10T09:00:00Z", ruleSetId: "pmp-2026-10-01" },
] as const;

const price = (messages: CostMessage[]) => priceChannel({ channel, messages }).priced;
const byId = (messages: CostMessage[], id: string) => {
  const found = price(messages).find((message) => message.messageId === id);
  if (!found) throw new Error(`no priced message ${id}`);
  return found;
};

describe.each(regimes)("the five scenarios, $name", ({ day, ruleSetId }) => {
  it("scenario 1: the customer writes and the business answers in the app: free", () => {
    const reply = appMessage(at(day, 1));
    const priced = byId([customerMessage(at(day)), reply], reply.id);
    expect(priced).toMatchObject({ charged: false, freeBecause: "app", model: null });
    expect(priced.reason).toBe("free: sent from the app");
  });

  it("scenario 2: the customer writes and the API answers with a marketing or authentication template: charged", () => {
    const marketing = apiTemplate(at(day, 1), "marketing");
    const authentication = apiTemplate(at(day, 2), "authentication");
    const priced = price([customerMessage(at(day)), marketing, authentication]);
    expect(priced[0]).toMatchObject({
      charged: true,
      category: "marketing",
      model: "PMP",
      ruleSetId,
      reason: "charged: marketing template",
      amount: { currency: "USD", micros: 11_800 },
    });
    expect(priced[1]).toMatchObject({
      charged: true,
      category: "authentication",
      reason: "charged: authentication template",
      amount: { currency: "USD", micros: 1_400 },
    });
  });

  it("scenario 3: the business starts through the API with no window: the template is charged at its category", () => {
    const utility = apiTemplate(at(day), "utility");
    const marketing = apiTemplate(at(day, 1), "marketing");
    const priced = price([utility, marketing]);
    expect(priced[0]).toMatchObject({
      charged: true,
      category: "utility",
      reason: "charged: utility template outside the service window",
      amount: { micros: 1_400 },
    });
    expect(priced[1]).toMatchObject({ charged: true, amount: { micros: 11_800 } });
  });

  it("scenario 4: the customer wrote before onboarding and the app answered: the API needs a template, charged", () => {
    const messages = [
      historyMessage(at("2026-01-14T10:00:00Z"), "inbound"),
      historyMessage(at("2026-01-14T10:05:00Z"), "outbound"),
      appMessage(at("2026-01-14T23:00:00Z")),
    ];
    const estimate = estimateSend({
      channel,
      messages,
      proposed: { waId: INDIA, at: at(day), type: "text" },
    });
    expect(estimate.blocked?.code).toBe(131047);
    const template = apiTemplate(at(day), "utility");
    expect(byId([...messages, template], template.id)).toMatchObject({
      charged: true,
      reason: "charged: utility template outside the service window",
    });
  });

  it("scenario 4: the customer wrote, the app answered and the window has closed: the API template is charged", () => {
    const template = apiTemplate(at(day, 30), "utility");
    const messages = [customerMessage(at(day)), appMessage(at(day, 1)), template];
    expect(byId(messages, template.id)).toMatchObject({
      charged: true,
      reason: "charged: utility template outside the service window",
    });
  });

  it("scenario 5: the API answered free-form in the window and the app went on: the app stays free", () => {
    const apiReply = apiText(at(day, 1));
    const appReply = appMessage(at(day, 2));
    const priced = price([customerMessage(at(day)), apiReply, appReply]);
    expect(priced[1]).toMatchObject({ messageId: appReply.id, charged: false, freeBecause: "app" });
  });
});

describe("scenario 2, the utility template inside the service window", () => {
  it("scenario 2: until 2026-09-30 a utility template answering inside the window is free", () => {
    const day = regimes[0].day;
    const template = apiTemplate(at(day, 1), "utility");
    expect(byId([customerMessage(at(day)), template], template.id)).toMatchObject({
      charged: false,
      freeBecause: "window",
      amount: null,
      reason: "free: utility template inside the service window",
    });
  });

  it("scenario 2: from 2026-10-01 a utility template inside the window is charged at the utility rate", () => {
    const day = regimes[1].day;
    const template = apiTemplate(at(day, 1), "utility");
    expect(byId([customerMessage(at(day)), template], template.id)).toMatchObject({
      charged: true,
      amount: { currency: "USD", micros: 1_400 },
      reason: "charged: utility template inside the service window",
    });
  });
});

describe("scenario 5, the API's free-form replies", () => {
  const thousandAndOne = (day: string) => {
    const messages: CostMessage[] = [customerMessage(at(day))];
    for (let i = 0; i < 1001; i += 1) messages.push(apiText(at(day, (i + 1) / 100)));
    return messages;
  };

  it("scenario 5: until 2026-09-30 every free-form API reply in the window is free, the 1,001st too", () => {
    const priced = price(thousandAndOne(regimes[0].day));
    expect(priced).toHaveLength(1001);
    expect(priced.every((message) => !message.charged)).toBe(true);
    expect(priced[1000]?.reason).toBe("free: service message inside the service window");
  });

  it("scenario 5: from 2026-10-01 free-form API replies are free up to 1,000 a month and the 1,001st is charged", () => {
    const priced = price(thousandAndOne(regimes[1].day));
    expect(priced[999]).toMatchObject({
      charged: false,
      freeBecause: "free_tier",
      reason: "free: service message 1,000 of the 1,000 free this month",
    });
    expect(priced[1000]).toMatchObject({
      charged: true,
      category: "service",
      rateCategory: "utility",
      amount: { currency: "USD", micros: 1_400 },
      reason: "charged: service message beyond the 1,000 free this month",
    });
  });
});
