import "server-only";
import type { SandboxCustomer, SandboxNumber } from "@/db/schema";
import { isBsuid } from "@/lib/meta/bsuid";
import { ensureCustomer, findCustomerByBsuid, identityOf } from "./customers";
import type { MetaErrorInit } from "./graph";
import type { CustomerIdentity } from "./parties";

/**
 * Who a `POST /{phone-number-id}/messages` reaches, by Meta's rules since BSUIDs: `to` is a
 * number, `recipient` a BSUID or parent BSUID, and `to` wins when both are given. A BSUID must be
 * one of the business's customers; the answer's `contacts[]` and the statuses then name the
 * customer the way the send did.
 */

export type FoundRecipient = {
  customer: SandboxCustomer;
  /** What the request said (`contacts[].input`). */
  input: string;
  /** Sent to `to`: the number path, whatever the customer hides. */
  byNumber: boolean;
};

export async function sendRecipient(
  number: SandboxNumber,
  body: { to?: string; recipient?: string },
): Promise<FoundRecipient | { error: MetaErrorInit }> {
  if (body.to) {
    const customer = await ensureCustomer(number, body.to.replace(/^\+/, ""));
    return { customer, input: body.to, byNumber: true };
  }
  const recipient = body.recipient?.trim();
  if (!recipient) {
    return { error: { message: "(#100) The parameter to is required.", code: 100 } };
  }
  const customer = isBsuid(recipient) ? await findCustomerByBsuid(number, recipient) : undefined;
  if (!customer) {
    return {
      error: {
        message: "(#100) Invalid parameter",
        code: 100,
        error_data: {
          details: isBsuid(recipient)
            ? `recipient: no WhatsApp user has the business-scoped user ID ${recipient} in this business portfolio.`
            : "recipient: expected a business-scoped user ID such as US.13491208655302741918.",
        },
      },
    };
  }
  return { customer, input: recipient, byNumber: false };
}

/** 131062: one-tap, zero-tap and copy-code authentication templates need a phone number. */
export function bsuidNotSupported(): MetaErrorInit {
  return {
    message: "(#131062) Business-scoped User ID recipients are not supported for this message.",
    code: 131062,
    error_data: { details: "Send authentication templates to a phone number (`to`)." },
  };
}

/**
 * The answer's `contacts[]` entry: `wa_id` on the number path (as before BSUIDs); `user_id`, and
 * `wa_id` only when the customer shares their number, on the BSUID path.
 */
export function sendContact(found: FoundRecipient) {
  if (found.byNumber) return { input: found.input, wa_id: found.customer.waId };
  return {
    input: found.input,
    ...(found.customer.hideNumber ? {} : { wa_id: found.customer.waId }),
    user_id: found.customer.userId,
  };
}

/** The statuses of a send sent to a number name that number, even a customer's hidden one. */
export function statusRecipient(number: SandboxNumber, found: FoundRecipient): CustomerIdentity {
  const who = identityOf(number, found.customer);
  return found.byNumber ? { ...who, hideNumber: false } : who;
}
