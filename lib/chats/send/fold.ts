import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/client";
import type { MessageStatus } from "@/db/schema/chats";
import { forgetMessageCosts } from "@/lib/costs/rollups";
import { laterStatus, type StatusPoint } from "@/lib/ingest/status";

/**
 * A send's row learns its wamid after ingestion may already have seen the wamid in a status and
 * stored a stub row for it. The stub is folded into the send's row (its status if further along,
 * its pricing and errors) and removed, so the message exists once.
 */

export type StubRow = {
  id: string;
  wamid: string;
  status: MessageStatus | null;
  status_at: string | Date | null;
  errors: unknown[] | null;
  pricing: Record<string, unknown> | null;
  pricing_category: string | null;
  pricing_type: string | null;
  conversation: Record<string, unknown> | null;
};

const inList = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Removes the channel's stubs of these wamids (their verdicts leave the costs first). */
export async function takeStubs(
  tx: Executor,
  { channelId, wamids }: { channelId: string; wamids: string[] },
): Promise<Map<string, StubRow>> {
  if (wamids.length === 0) return new Map();
  const ids = rowsOf<{ id: string }>(
    await tx.execute(sql`
      select id from messages
      where channel_id = ${channelId} and stub = true and wamid in (${inList(wamids)})
      order by id for update`),
  ).map((r) => r.id);
  if (ids.length === 0) return new Map();
  await forgetMessageCosts(tx, { channelId, messageIds: ids });
  const stubs = rowsOf<StubRow>(
    await tx.execute(sql`
      delete from messages
      where channel_id = ${channelId} and id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      returning id, wamid, status, status_at, errors, pricing, pricing_category, pricing_type,
        conversation`),
  );
  return new Map(stubs.map((s) => [s.wamid, s]));
}

function point(status: MessageStatus | null, at: string | Date | null): StatusPoint {
  const date = at ? new Date(at) : null;
  return { status, at: date && !Number.isNaN(+date) ? date : null };
}

/**
 * Gives the send's row its wamid, with the further along of its own status, the one reported
 * (Meta's answer: `sent`) and the stub's; the stub's pricing, errors and conversation when the
 * row has none. Returns the row's status.
 */
export async function giveWamid(
  tx: Executor,
  {
    channelId,
    messageId,
    wamid,
    reported,
    stub,
  }: {
    channelId: string;
    messageId: string;
    wamid: string;
    reported: StatusPoint | null;
    stub: StubRow | null;
  },
): Promise<MessageStatus> {
  const [row] = rowsOf<{ status: MessageStatus | null; status_at: string | Date | null }>(
    await tx.execute(sql`
      select status, status_at from messages
      where channel_id = ${channelId} and id = ${messageId} for update`),
  );
  let next = point(row?.status ?? null, row?.status_at ?? null);
  if (reported) next = laterStatus(next, reported);
  if (stub) next = laterStatus(next, point(stub.status, stub.status_at));
  await tx.execute(sql`
    update messages set
      wamid = ${wamid},
      status = ${next.status}::message_status,
      status_at = ${next.at ? next.at.toISOString() : null}::timestamptz,
      errors = coalesce(errors, ${stub?.errors ? JSON.stringify(stub.errors) : null}::jsonb),
      pricing = coalesce(pricing, ${stub?.pricing ? JSON.stringify(stub.pricing) : null}::jsonb),
      pricing_category = coalesce(pricing_category, ${stub?.pricing_category ?? null}),
      pricing_type = coalesce(pricing_type, ${stub?.pricing_type ?? null}),
      conversation = coalesce(conversation, ${stub?.conversation ? JSON.stringify(stub.conversation) : null}::jsonb),
      updated_at = now()
    where channel_id = ${channelId} and id = ${messageId}`);
  return (next.status ?? "sent") as MessageStatus;
}
