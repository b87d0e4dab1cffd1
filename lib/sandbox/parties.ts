/**
 * How the sandbox's payloads name a customer since Meta's BSUIDs (2026): the business-scoped user
 * id everywhere (`user_id`, `from_user_id`, `to_user_id`, `recipient_user_id`, a thread's
 * `context`), the parent BSUID beside it when the number has them on, and the phone number
 * beside both unless the customer has a username and hides the number, in which case no payload
 * carries it (no `wa_id`, `from`, `to`, `recipient_id`, `phone_number` or thread `id`). Pure.
 */

/** One customer as the sandbox (playing Meta) knows them: the number always, shown or not. */
export type CustomerIdentity = {
  waId: string;
  userId: string;
  /** Set only when the business number has parent BSUIDs on. */
  parentUserId?: string;
  username?: string;
  /** The customer adopted a username and WhatsApp shares no number with the business. */
  hideNumber: boolean;
  /** Their WhatsApp profile name. */
  name?: string;
};

/** The number as payloads may show it. */
export const shownNumber = (who: CustomerIdentity): string | undefined =>
  who.hideNumber ? undefined : who.waId;

/** How the phone simulator and the control API label a customer: the username when it hides the number. */
export const customerLabel = (who: CustomerIdentity): string =>
  who.hideNumber && who.username ? `@${who.username}` : who.waId;

/**
 * The `contacts[]` entry of a `messages` value. The profile name falls back to the username, or
 * the number when shown (what the sandbox always did). `username` is left out where Meta leaves
 * it out (the `sent` status).
 */
export function contactEntry(
  who: CustomerIdentity,
  options: { name?: string; withUsername?: boolean; withName?: boolean } = {},
) {
  const name = options.name ?? who.name ?? who.username ?? shownNumber(who);
  const withUsername = (options.withUsername ?? true) && who.username;
  return {
    profile: {
      ...((options.withName ?? true) && name ? { name } : {}),
      ...(withUsername ? { username: who.username } : {}),
    },
    ...(shownNumber(who) ? { wa_id: who.waId } : {}),
    user_id: who.userId,
    ...(who.parentUserId ? { parent_user_id: who.parentUserId } : {}),
  };
}

/** A customer's message: `from` (the number), `from_user_id`, `from_parent_user_id`. */
export function senderFields(who: CustomerIdentity) {
  return {
    ...(shownNumber(who) ? { from: who.waId } : {}),
    from_user_id: who.userId,
    ...(who.parentUserId ? { from_parent_user_id: who.parentUserId } : {}),
  };
}

/** What the business sent (echoes, history): `to`, `to_user_id`, `to_parent_user_id`. */
export function recipientFields(who: CustomerIdentity) {
  return {
    ...(shownNumber(who) ? { to: who.waId } : {}),
    to_user_id: who.userId,
    ...(who.parentUserId ? { to_parent_user_id: who.parentUserId } : {}),
  };
}

/** A status: `recipient_id`, `recipient_user_id`, `recipient_parent_user_id`. */
export function statusRecipientFields(who: CustomerIdentity) {
  return {
    ...(shownNumber(who) ? { recipient_id: who.waId } : {}),
    recipient_user_id: who.userId,
    ...(who.parentUserId ? { recipient_parent_user_id: who.parentUserId } : {}),
  };
}

/** A history thread: `id` is the number; `context` names the customer by BSUID and username. */
export function threadFields(who: CustomerIdentity) {
  return {
    ...(shownNumber(who) ? { id: who.waId } : {}),
    context: {
      user_id: who.userId,
      ...(who.parentUserId ? { parent_user_id: who.parentUserId } : {}),
      ...(who.username ? { username: who.username } : {}),
    },
  };
}

/** An address-book contact (`smb_app_state_sync`): `phone_number` and `user_id`. */
export function stateSyncContactFields(who: CustomerIdentity) {
  return {
    ...(shownNumber(who) ? { phone_number: who.waId } : {}),
    user_id: who.userId,
  };
}
