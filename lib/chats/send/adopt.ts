import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/client";
import { messageIdOfCallbackData } from "./callback-data";
import { giveWamid, takeStubs } from "./fold";

/**
 * Sends whose outcome is unknown (Meta's answer never came, ./store.ts `markUnknown`) learn their
 * wamid from their status webhooks. Ingestion calls this with a batch's statuses before folding
 * them onto messages, so the statuses then land on the send's own row instead of a stub:
 * - by `biz_opaque_callback_data`: every send carries `coex:<messages.id>` (./callback-data.ts),
 *   which Meta echoes in every status of the message;
 * - failing that (a status without it), by recipient and time: a `sent`/`delivered`/`read` for a
 *   wamid the hub has no message for, when the recipient has exactly one unknown send in the hour
 *   before and the batch exactly one such wamid for that recipient. Anything ambiguous is left
 *   alone: the row stays "unknown" rather than claim another message's fate.
 * A `pending` row (Meta's answer still on its way) is matched by callback data too: the answer,
 * when it comes, finds its wamid already set (`markSent` keeps the further status).
 */

export type StatusSighting = {
  channelId: string;
  wamid: string;
  /** The customer as the status names them (`recipient_id`, else `recipient_user_id`). */
  recipientId: string;
  /** The BSUID beside it, when any: a send addressed by BSUID is found by it. */
  recipientUserId?: string | null;
  callbackData: string | null | undefined;
  /** Meta's status and its time (the fallback matches by time). */
  status?: string;
  at?: Date;
};

type Match = { id: string; channel_id: string; wamid: string };

const FALLBACK_STATUSES = new Set(["sent", "delivered", "read"]);

/** Sets the wamid on the unknown (or pending) sends these statuses belong to; returns how many. */
export async function adoptUnknownSends(tx: Executor, statuses: StatusSighting[]): Promise<number> {
  if (statuses.length === 0) return 0;
  const matches = new Map<string, Match>();
  const byCallback = new Map<string, StatusSighting>();
  const rest: StatusSighting[] = [];
  for (const s of statuses) {
    const id = messageIdOfCallbackData(s.callbackData);
    if (id) byCallback.set(`${s.channelId}|${id}`, s);
    else if (s.at && (!s.status || FALLBACK_STATUSES.has(s.status))) rest.push(s);
  }

  if (byCallback.size > 0) {
    const values = sql.join(
      [...byCallback.entries()].map(
        ([key, s]) =>
          sql`(${s.channelId}::uuid, ${key.split("|")[1]}::uuid, ${s.wamid}, ${s.recipientId}, ${s.recipientUserId ?? null}::text)`,
      ),
      sql`, `,
    );
    for (const m of rowsOf<Match>(
      await tx.execute(sql`
        select m.id, m.channel_id, i.wamid
        from (values ${values}) as i(channel_id, message_id, wamid, recipient, recipient_user)
        join messages m on m.channel_id = i.channel_id and m.id = i.message_id
        where m.wamid is null and m.status in ('pending', 'unknown')
          and m.direction = 'outbound' and m.customer_wa_id in (i.recipient, i.recipient_user)`),
    )) {
      matches.set(m.id, m);
    }
  }

  if (rest.length > 0) {
    // One JSON parameter for the batch's statuses (a VALUES list costs a parameter per field).
    const values = JSON.stringify(
      rest.map((s) => ({
        channel_id: s.channelId,
        wamid: s.wamid,
        recipient: s.recipientId,
        recipient_user: s.recipientUserId ?? null,
        at: s.at!.toISOString(),
      })),
    );
    // Only recipients with an unsettled send are looked at (a small partial index: wamid null).
    for (const m of rowsOf<Match>(
      await tx.execute(sql`
        with s as (select * from json_to_recordset(${values}::json) as t(channel_id uuid,
          wamid text, recipient text, recipient_user text, at timestamptz)),
        fresh as (
          select s.channel_id, s.recipient, s.recipient_user, min(s.wamid) as wamid, min(s.at) as at
          from s
          where exists (select 1 from messages u where u.channel_id = s.channel_id
              and u.customer_wa_id in (s.recipient, s.recipient_user) and u.wamid is null
              and u.status = 'unknown')
            and not exists (select 1 from messages x where x.channel_id = s.channel_id
              and x.wamid = s.wamid and x.stub = false)
          group by s.channel_id, s.recipient, s.recipient_user
          having count(distinct s.wamid) = 1
        ),
        candidates as (
          select m.id, m.channel_id, f.wamid,
            count(*) over (partition by f.channel_id, f.recipient) as n
          from fresh f
          join messages m on m.channel_id = f.channel_id
            and m.customer_wa_id in (f.recipient, f.recipient_user)
            and m.wamid is null and m.status = 'unknown' and m.direction = 'outbound'
            and m.sent_at between f.at - interval '1 hour' and f.at + interval '5 minutes'
        )
        select id, channel_id, wamid from candidates where n = 1`),
    )) {
      if (![...matches.values()].some((x) => x.wamid === m.wamid)) matches.set(m.id, m);
    }
  }

  // One wamid, one message.
  const seen = new Set<string>();
  const adopted = [...matches.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .filter((m) => !seen.has(m.wamid) && seen.add(m.wamid));
  const byChannel = new Map<string, Match[]>();
  for (const m of adopted) byChannel.set(m.channel_id, [...(byChannel.get(m.channel_id) ?? []), m]);
  for (const [channelId, list] of byChannel) {
    // Rare: an earlier status (without our callback data) already made a stub: fold it in.
    const stubs = await takeStubs(tx, { channelId, wamids: list.map((m) => m.wamid) });
    for (const m of list.filter((m) => stubs.has(m.wamid))) {
      await giveWamid(tx, {
        channelId,
        messageId: m.id,
        wamid: m.wamid,
        reported: null,
        stub: stubs.get(m.wamid) ?? null,
      });
    }
    const plain = list.filter((m) => !stubs.has(m.wamid));
    if (plain.length === 0) continue;
    await tx.execute(sql`
      update messages m set wamid = v.wamid, updated_at = now()
      from (values ${sql.join(
        plain.map((p) => sql`(${p.id}::uuid, ${p.wamid})`),
        sql`, `,
      )}) as v(id, wamid)
      where m.channel_id = ${channelId} and m.id = v.id and m.wamid is null`);
  }
  return adopted.length;
}
