import type { CostChannel, CostMessage, TemplateCategory } from "./types";

/** Builders for the engine's unit tests: readable message lists with unique ids. */

export const INDIA = "919876543210";
export const BRAZIL = "5511987654321";
export const HOUR = 3_600_000;

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${++sequence}`;

export const at = (iso: string, plusHours = 0): Date =>
  new Date(Date.parse(iso) + plusHours * HOUR);

export function channelOnboardedAt(iso: string): CostChannel {
  return { onboardedAt: new Date(iso) };
}

type Extra = Partial<CostMessage>;

export function customerMessage(when: Date, extra: Extra = {}): CostMessage {
  return {
    id: nextId("in"),
    at: when,
    origin: "customer",
    direction: "inbound",
    waId: INDIA,
    type: "text",
    ...extra,
  };
}

export function apiText(when: Date, extra: Extra = {}): CostMessage {
  return {
    id: nextId("api"),
    at: when,
    origin: "api",
    direction: "outbound",
    waId: INDIA,
    type: "text",
    ...extra,
  };
}

export function apiTemplate(
  when: Date,
  category: TemplateCategory | (string & {}),
  extra: Extra = {},
): CostMessage {
  return apiText(when, {
    id: nextId(`tpl-${category}`),
    type: "template",
    template: { name: `${category}_template`, category },
    ...extra,
  });
}

export function appMessage(when: Date, extra: Extra = {}): CostMessage {
  return {
    id: nextId("echo"),
    at: when,
    origin: "app",
    direction: "outbound",
    waId: INDIA,
    type: "text",
    ...extra,
  };
}

export function historyMessage(
  when: Date,
  direction: "inbound" | "outbound",
  extra: Extra = {},
): CostMessage {
  return {
    id: nextId("history"),
    at: when,
    origin: "history",
    direction,
    waId: INDIA,
    type: "text",
    ...extra,
  };
}
