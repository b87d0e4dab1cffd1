import "server-only";
import { sql } from "drizzle-orm";
import { contacts } from "@/db/schema";
import { type Executor, slices } from "../db";
import type { Scope } from "../write";

/** The latest action on one contact saved in the app (smb_app_state_sync), by its own time. */
export type AppContactAction = Scope & {
  waId: string;
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
 * Contacts saved in the app, added (or edited) and removed, across a batch's channels. A removed
 * contact is flagged, never deleted: its messages stay.
 */
export async function upsertAppContacts(db: Executor, actions: AppContactAction[]) {
  if (actions.length === 0) return;
  const latest = new Map<string, AppContactAction>();
  for (const action of actions) {
    const key = `${action.channelId}|${action.waId}`;
    latest.set(key, laterAppAction(latest.get(key), action));
  }
  const rows = [...latest]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, action]) => action);
  const newer = sql.raw(
    "(contacts.app_synced_at is null or excluded.app_synced_at > contacts.app_synced_at)",
  );
  for (const slice of slices(rows)) {
    await db
      .insert(contacts)
      .values(
        slice.map((a) => ({
          partnerId: a.partnerId,
          channelId: a.channelId,
          waId: a.waId,
          appName: a.name,
          appNameAt: a.nameAt,
          appSyncedAt: a.at,
          removedAt: a.removed ? a.at : null,
        })),
      )
      .onConflictDoUpdate({
        target: [contacts.channelId, contacts.waId],
        set: {
          // A remove carries no name: the saved name stays for the messages that remain.
          appName: sql`case when excluded.app_name_at is not null and (contacts.app_name_at is null or excluded.app_name_at > contacts.app_name_at) then excluded.app_name else ${contacts.appName} end`,
          appNameAt: sql`greatest(${contacts.appNameAt}, excluded.app_name_at)`,
          removedAt: sql`case when ${newer} then excluded.removed_at else ${contacts.removedAt} end`,
          appSyncedAt: sql`greatest(${contacts.appSyncedAt}, excluded.app_synced_at)`,
          updatedAt: sql`now()`,
        },
      });
  }
}
