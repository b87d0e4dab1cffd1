import { ChannelPricer, monthKey, type PricerOptions } from "./engine";
import type { CostMessage, PricedMessage, TemplateCategory } from "./types";

/** A send the composer or the Messaging API (`dry_run`) is about to make. */
export interface ProposedSend {
  waId: string;
  /** When it would go; the caller passes its clock (the engine reads none). */
  at: Date;
  /** Meta's message type: `text`, `template`, `image`, ... */
  type: string;
  template?: { name: string; category: TemplateCategory | (string & {}) } | null;
}

export interface SendEstimate {
  /** What the send would cost, with the reason, as if it were delivered now. */
  priced: PricedMessage;
  /** Set when Meta would refuse the send: free-form outside the service window (131047). */
  blocked: { code: 131047; message: string } | null;
  /** The customer service window open at `at`, or null; the composer shows the time left. */
  serviceWindowEndsAt: Date | null;
  /** The free entry point window open at `at` (or opened by this send), or null. */
  entryPointEndsAt: Date | null;
}

export const PROPOSED_MESSAGE_ID = "proposed-send";

/**
 * What a proposed API send would cost now, given the conversation so far: pass the customer's
 * messages (the last 96 hours are enough) and `serviceCountBefore`, the channel's free-tier usage
 * this month (the month's highest stored `allowanceCount`), so the 1,000-a-month allowance is
 * right. Without it, only the messages given are counted. Messages after `proposed.at` and other
 * customers' messages are ignored.
 */
export function estimateSend({
  proposed,
  messages,
  serviceCountBefore,
  ...options
}: PricerOptions & {
  messages: readonly CostMessage[];
  proposed: ProposedSend;
  serviceCountBefore?: number;
}): SendEstimate {
  const time = proposed.at.getTime();
  const before = messages
    .filter((message) => message.waId === proposed.waId && message.at.getTime() <= time)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const pricer = new ChannelPricer(options);
  for (const message of before) pricer.add(message);
  if (serviceCountBefore !== undefined)
    pricer.setServiceCount(monthKey(proposed.at), serviceCountBefore);
  const estimate = pricer.add({
    id: PROPOSED_MESSAGE_ID,
    at: proposed.at,
    origin: "api",
    direction: "outbound",
    waId: proposed.waId,
    type: proposed.type,
    template: proposed.template ?? null,
  });
  if (!estimate) throw new Error("The proposed send was not priced");
  const openAt = (kind: "service" | "entry_point") =>
    pricer
      .windows()
      .find(
        (band) =>
          band.waId === proposed.waId &&
          band.kind === kind &&
          band.start.getTime() <= time &&
          time < band.end.getTime(),
      )?.end ?? null;
  return {
    priced: estimate,
    blocked: estimate.outsideServiceWindow
      ? {
          code: 131047,
          message:
            "Outside the customer service window only templates can be sent: Meta would reject this message (131047).",
        }
      : null,
    serviceWindowEndsAt: openAt("service"),
    entryPointEndsAt: openAt("entry_point"),
  };
}
