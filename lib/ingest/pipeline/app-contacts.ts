import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { slices } from "@/db/slices";
import { type ChannelOfEvent, contactKey } from "../write";

/** The latest action on one contact saved in the app (smb_app_state_sync), by its own time. */
export type AppContactAction = ChannelOfEvent & {
  /** The contact's number, else its BSUID (a key of the batch's resolved contacts). */
  address: string;
  removed: boolean;
  at: Date;
  // The newest add's name and time (a remove carries no name).
  name: string | null;
  nameAt: Date | null;
};

/** Merges two actions on one contact as the upsert would: each part's newest wins. */
export function laterAppAction(prev: AppContactAction | undefined, next: AppContactAction) {
  if (!prev) return next;
  const newerName = next.nameAt !== null && (!prev.nameAt || prev.nameAt < next.nameAt);
  const newerState = prev.at < next.at;
  return {
    ...next,
    removed: newerState ? next.removed : prev.removed,
    at: newerState ? next.at : prev.at,
    name: newerName ? next.name : prev.name,
    nameAt: newerName ? next.nameAt : prev.nameAt,
  };
}

/**
 * Contacts saved in the app, added (or edited) and removed, across a batch's channels. The
 * contacts exist already (the batch resolved them, lib/ingest/identity); each gets its newest
 * name and state in one statement. A removed contact is flagged, never deleted: its messages stay.
 */
export async function upsertAppContacts(
  db: Executor,
  actions: AppContactAction[],
  contactIds: Map<string, string>,
) {
  if (actions.length === 0) return;
  const latest = new Map<string, AppContactAction>();
  for (const action of actions) {
    const id = contactIds.get(contactKey(action.channelId, action.address));
    if (!id) throw new Error(`no contact for an app contact of channel ${action.channelId}`);
    latest.set(id, laterAppAction(latest.get(id), action));
  }
  const rows = [...latest]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, a]) => ({
      id,
      app_name: a.name,
      app_name_at: a.nameAt?.toISOString() ?? null,
      app_synced_at: a.at.toISOString(),
      removed_at: a.removed ? a.at.toISOString() : null,
    }));
  for (const slice of slices(rows, 5_000)) {
    await db.execute(sql`
      update contacts c set
        -- A remove carries no name: the saved name stays for the messages that remain.
        app_name = case when t.app_name_at is not null and (c.app_name_at is null or t.app_name_at > c.app_name_at) then t.app_name else c.app_name end,
        app_name_at = greatest(c.app_name_at, t.app_name_at),
        removed_at = case when c.app_synced_at is null or t.app_synced_at > c.app_synced_at then t.removed_at else c.removed_at end,
        app_synced_at = greatest(c.app_synced_at, t.app_synced_at),
        updated_at = now()
      from json_to_recordset(${JSON.stringify(slice)}::json)
        as t(id uuid, app_name text, app_name_at timestamptz, app_synced_at timestamptz, removed_at timestamptz)
      where c.id = t.id`);
  }
}
