/**
 * What the send path answers, as plain JSON (dates as ISO strings), so the server action, the
 * Messaging API and the composer read the same shapes. No server-only imports: client components
 * may import these types.
 */
import type { MessageStatus } from "@/db/schema/chats";
import type { WindowView } from "../types";

/** Who pressed send: a hub user (composer) or a channel key (Messaging API). */
export type SentBy = { kind: "user"; userId: string } | { kind: "api_key"; apiKeyId: string };

/** The cost estimate of one proposed send (lib/costs `estimateSend`), ready to show. */
export type SendEstimateView = {
  charged: boolean;
  /** The amount when charged and a rate is known; null when free or "no rate known". */
  amount: { currency: string; micros: number; formatted: string } | null;
  /** Meta's pricing category it would fall in: service, utility, marketing, ... */
  category: string;
  /** Why, in words: "free: inside the customer service window", "charged: marketing template"... */
  reason: string;
  freeBecause: string | null;
  /** Charged but the rate card has no price for this market/category/date. */
  noRateKnown: string | null;
  /** The customer service window open at send time, or null (closed). */
  serviceWindowEndsAt: string | null;
  entryPointEndsAt: string | null;
  /** Meta would refuse it: free-form outside the customer service window (131047). */
  blocked: { code: 131047; message: string } | null;
};

/** `pending` until Meta answers, `sent` once it did, `failed` with Meta's error, `unknown` when
 * Meta's answer never came (Meta may have sent it: its status webhooks will tell); a status
 * webhook that beat the answer may already have moved it on (delivered, read). */
export type SendMessageStatus = MessageStatus;

/** Meta's error as it came back (or as we refused in its name), safe to show and to return. */
export type MetaErrorView = {
  code: number | null;
  errorSubcode: number | null;
  message: string;
  type: string | null;
  fbtraceId: string | null;
  /** A sentence an admin can act on, for the codes that matter. */
  hint: string | null;
};

export type SentMessageView = {
  /** The stored row (messages.id). */
  id: string;
  /** Meta's message id, once Meta accepted it. */
  wamid: string | null;
  status: SendMessageStatus;
  /** Meta's error when the send failed. */
  error: MetaErrorView | null;
};

export type SendResult = {
  dryRun: boolean;
  /** An Idempotency-Key retry: this is the first request's answer, nothing was sent again. */
  replayed: boolean;
  /** `to` (or `recipient`) as given, and the address sent to: the number's digits or the BSUID. */
  recipient: { input: string; waId: string };
  /** Meta's type of the message: text, template, image, ... */
  type: string;
  /** Null on a dry run (nothing stored, nothing sent). */
  message: SentMessageView | null;
  estimate: SendEstimateView;
};

/** A placeholder of an approved template the composer asks a value for. */
export type TemplateParameter = {
  component: "header" | "body" | "button";
  /** Buttons only: the button's position (Meta's `index`). */
  index?: number;
  /** `1`, `2`, ... (positional) or the name of a named parameter. */
  key: string;
  /** Meta's example value, when the template has one. */
  example: string | null;
};

export type ComposerTemplate = {
  name: string;
  language: string;
  /** Lower case: marketing, utility, authentication. */
  category: string;
  /** The body text with its {{placeholders}}, for the preview. */
  bodyText: string | null;
  headerText: string | null;
  parameters: TemplateParameter[];
  /** Meta's components as listed (for advanced composers). */
  components: Record<string, unknown>[];
  estimate: SendEstimateView;
};

export type ComposerState = {
  /** The time the state was computed at (the sandbox clock in sandbox mode). */
  now: string;
  channel: { id: string; status: string; canSend: boolean; reason: string | null };
  waId: string;
  window: WindowView;
  /** Free-form (text, media, reply...) can be sent now: the window is open. */
  freeForm: { allowed: boolean; reason: string | null; estimate: SendEstimateView };
  /** The channel's APPROVED templates, or why they could not be listed. */
  templates:
    | { ok: true; items: ComposerTemplate[] }
    | { ok: false; error: string; items: ComposerTemplate[] };
};
