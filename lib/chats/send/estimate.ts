import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/client";
import { messages } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { estimateSend, formatMoney, type SendEstimate } from "@/lib/costs";
import { CONTEXT_MS, toCostMessage } from "@/lib/costs/store";
import type { SendEstimateView } from "./types";

export type ProposedMessage = {
  type: string;
  template?: { name: string; category: string } | null;
};

/** The customer's stored messages of the last 96 hours and the month's free-tier count. */
export async function loadEstimateContext(
  { partnerId }: Scope,
  {
    channelId,
    contactId,
    now,
  }: {
    /** A channel already read through the scope (loadSendingChannel). */
    channelId: string;
    contactId: string | null;
    now: Date;
  },
) {
  const db = getDb();
  const since = new Date(now.getTime() - CONTEXT_MS);
  const [rows, prior] = await Promise.all([
    contactId === null
      ? []
      : db
          .select()
          .from(messages)
          .where(
            and(
              eq(messages.partnerId, partnerId),
              eq(messages.channelId, channelId),
              eq(messages.contactId, contactId),
              gte(messages.sentAt, since),
            ),
          ),
    db.execute(sql`
      select max(allowance_count)::int as count from message_costs
      where channel_id = ${channelId}
        and at >= ${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString()}::timestamptz`),
  ]);
  return {
    messages: rows.filter((r) => !r.stub).map(toCostMessage),
    serviceCountBefore: Number(rowsOf<{ count: number | null }>(prior)[0]?.count ?? 0),
  };
}

export function estimateView(estimate: SendEstimate): SendEstimateView {
  const { priced } = estimate;
  return {
    charged: priced.charged,
    amount: priced.amount ? { ...priced.amount, formatted: formatMoney(priced.amount) } : null,
    category: priced.category,
    reason: priced.reason,
    freeBecause: priced.freeBecause,
    noRateKnown: priced.charged && priced.rate && !priced.rate.known ? priced.rate.why : null,
    serviceWindowEndsAt: estimate.serviceWindowEndsAt?.toISOString() ?? null,
    entryPointEndsAt: estimate.entryPointEndsAt?.toISOString() ?? null,
    blocked: estimate.blocked,
  };
}

/** What one proposed send would cost now (and whether Meta would refuse it: 131047). */
export function estimateProposed({
  context,
  onboardedAt,
  waId,
  now,
  proposed,
}: {
  context: Awaited<ReturnType<typeof loadEstimateContext>>;
  onboardedAt: Date;
  waId: string;
  now: Date;
  proposed: ProposedMessage;
}): SendEstimateView {
  return estimateView(
    estimateSend({
      channel: { onboardedAt },
      // The context is this one person's messages, under whichever number or BSUID each named
      // them: priced as one customer at the address the send goes to.
      messages: context.messages.map((m) => ({ ...m, waId, customer: undefined })),
      serviceCountBefore: context.serviceCountBefore,
      proposed: {
        waId,
        at: now,
        type: proposed.type,
        template: proposed.template ?? null,
      },
    }),
  );
}
