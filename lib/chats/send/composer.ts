import "server-only";
import type { Scope } from "@/lib/auth/scope";
import { hubNow } from "@/lib/clock";
import { listChannelTemplates } from "@/lib/templates/store";
import { findConversationContact } from "../channel-messages";
import { windowView } from "../conversations";
import { loadSendingChannel } from "./channel";
import { estimateProposed, loadEstimateContext } from "./estimate";
import { normaliseWaId } from "./schemas";
import { renderTemplateText, templateParameters } from "./templates";
import type { ComposerState, ComposerTemplate } from "./types";
import { serviceWindowOf } from "./window-lookup";

/**
 * What the composer shows for one conversation: whether free-form can be sent (the window, with
 * its end), the channel's approved templates with their parameters (from the Graph API), and the
 * estimated cost of a free-form message and of each template, at the hub's clock.
 */
export async function getComposerState(
  scope: Scope,
  { channelId, waId: rawWaId }: { channelId: string; waId: string },
): Promise<ComposerState> {
  const channel = await loadSendingChannel(scope, { channelId });
  const waId = normaliseWaId(rawWaId) ?? rawWaId;
  const now = await hubNow();
  const on = { channelId: channel.id };
  const contactId = (await findConversationContact(scope, { ...on, waId }))?.id ?? null;
  const onboardedAt = channel.onboardedAt ?? channel.createdAt;
  const [context, window] = await Promise.all([
    loadEstimateContext(scope, { ...on, contactId, now }),
    serviceWindowOf(scope, { ...on, contactId, onboardedAt: channel.onboardedAt, now }),
  ]);
  const estimate = (type: string, template?: { name: string; category: string }) =>
    estimateProposed({ context, onboardedAt, waId, now, proposed: { type, template } });

  // The hub's copy of the list (current through the status webhooks): no wait on Meta.
  const listing = await listChannelTemplates(scope, { channelId: channel.id });
  const items = listing.templates
    .filter((t) => t.status === "APPROVED")
    .map((t): ComposerTemplate => {
      const category = t.category.toLowerCase();
      const text = renderTemplateText(t);
      return {
        name: t.name,
        language: t.language,
        category,
        headerText: text.header,
        bodyText: text.body,
        parameters: templateParameters(t),
        components: t.components,
        estimate: estimate("template", { name: t.name, category }),
      };
    });
  const templates: ComposerState["templates"] =
    listing.syncError && items.length === 0
      ? { ok: false, error: listing.syncError, items }
      : !channel.token && items.length === 0
        ? { ok: false, error: "The channel has no business token.", items }
        : { ok: true, items };

  const lastOpenerAt = window.open
    ? new Date(window.closesAt.getTime() - 24 * 3600_000)
    : window.closedAt
      ? new Date(window.closedAt.getTime() - 24 * 3600_000)
      : null;
  return {
    now: now.toISOString(),
    channel: {
      id: channel.id,
      status: channel.status,
      canSend: channel.cannotSend === null,
      reason: channel.cannotSend,
    },
    waId,
    window: windowView(lastOpenerAt, now),
    freeForm: {
      allowed: window.open && channel.cannotSend === null,
      reason:
        channel.cannotSend ??
        (window.open
          ? null
          : window.closedAt
            ? "The customer service window closed: more than 24 hours since the customer last wrote. Only an approved template can be sent."
            : "The customer has not written since the number was onboarded: no service window yet. Only an approved template can be sent."),
      estimate: estimate("text"),
    },
    templates,
  };
}
