import { type PriceChannelInput, priceChannel } from "./engine";
import type { PricedMessage, TemplateCategory } from "./types";

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
 * What a proposed API send would cost now, given the conversation so far. Pass the customer's
 * messages (and `priorServiceCounts` with the channel's other service messages this month, so the
 * 1,000-a-month allowance is right). Messages after `proposed.at` are ignored.
 */
export function estimateSend({
  proposed,
  messages,
  ...rest
}: Omit<PriceChannelInput, "messages"> & {
  messages: PriceChannelInput["messages"];
  proposed: ProposedSend;
}): SendEstimate {
  const before = messages.filter(
    (message) => message.waId === proposed.waId && message.at.getTime() <= proposed.at.getTime(),
  );
  const { priced, windows } = priceChannel({
    ...rest,
    messages: [
      ...before,
      {
        id: PROPOSED_MESSAGE_ID,
        at: proposed.at,
        origin: "api",
        direction: "outbound",
        waId: proposed.waId,
        type: proposed.type,
        template: proposed.template ?? null,
      },
    ],
  });
  const estimate = priced.find((message) => message.messageId === PROPOSED_MESSAGE_ID);
  if (!estimate) throw new Error("The proposed send was not priced");
  const time = proposed.at.getTime();
  const openAt = (kind: "service" | "entry_point") =>
    windows.find(
      (band) => band.kind === kind && band.start.getTime() <= time && time < band.end.getTime(),
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
