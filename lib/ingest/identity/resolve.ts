import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase, getDb } from "@/db";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/client";
import {
  groupPeople,
  namedIdentifiers,
  type Person,
  type Sighting,
  type StoredContact,
  type UserIdChange,
} from "./people";

/**
 * One contact per person and channel, whichever identifiers name them: a batch's sightings
 * (number, BSUID, username, profile name) and BSUID changes are grouped with the stored contacts
 * they name (./people.ts); a new person is inserted, a known one brought up to date, and two
 * stored contacts that turn out to be one person (a number first, a BSUID-only message before
 * Meta linked them, a changed BSUID) are merged into the oldest, their messages with them.
 * Set-based: one read, one insert and one update for the whole batch; merges are rare. The read
 * takes no row locks (a history import's chunks name the same customers: locking them would make
 * the workers take turns); a contact another transaction merges away meanwhile makes this batch
 * fail on its foreign key, and the pipeline's per-event retry then resolves afresh.
 *
 * Returns the contact id of every identifier named, by identifierKey(channel, identifier).
 */
export async function resolveContacts(
  db: Executor,
  sightings: Sighting[],
  changes: UserIdChange[] = [],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (sightings.length === 0 && changes.length === 0) return ids;
  // Twice at most: a person another transaction inserted meanwhile is found the second time.
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await storedContacts(db, namedIdentifiers(sightings, changes));
    const people = groupPeople(sightings, changes, stored);
    const fresh = people.filter((p) => p.contacts.length === 0);
    const known = people.filter((p) => p.contacts.length > 0);
    for (const person of known) {
      const survivor = person.contacts[0]!;
      if (person.contacts.length > 1) await mergeInto(db, survivor, person.contacts.slice(1));
      for (const key of person.keys) ids.set(key, survivor.id);
    }
    await updateKnown(db, known);
    const inserted = await insertCommitted(db, fresh);
    let missed = false;
    for (const person of fresh) {
      const id = inserted.get(personKey(person));
      if (id) for (const key of person.keys) ids.set(key, id);
      else missed = true;
    }
    if (!missed) return ids;
  }
  throw new Error("a contact was inserted concurrently twice in a row");
}

const personKey = (p: { channelId: string; waId: string | null; userId: string | null }) =>
  `${p.channelId}|${p.waId ?? ""}|${p.userId ?? ""}`;

type ContactRow = {
  id: string;
  channel_id: string;
  wa_id: string | null;
  user_id: string | null;
  previous_user_ids: string[] | string | null;
  created_at: string | Date;
};

async function storedContacts(
  db: Executor,
  named: { channelId: string; identifier: string }[],
): Promise<StoredContact[]> {
  if (named.length === 0) return [];
  const pairs = JSON.stringify(
    named.map((n) => ({ channel_id: n.channelId, identifier: n.identifier })),
  );
  // The batch's (channel, identifier) pairs joined to the contacts by number and by BSUID (hash
  // or index joins: never `= any(array)` per row, which costs contacts x identifiers). Retired
  // BSUIDs are rare: only contacts that have one are looked at, through their partial index.
  const rows = rowsOf<ContactRow>(
    await db.execute(sql`
      with named as (
        select distinct channel_id, identifier
        from json_to_recordset(${pairs}::json) as n(channel_id uuid, identifier text))
      select c.id, c.channel_id, c.wa_id, c.user_id, c.previous_user_ids, c.created_at
      from named n join contacts c on c.channel_id = n.channel_id and c.wa_id = n.identifier
      union
      select c.id, c.channel_id, c.wa_id, c.user_id, c.previous_user_ids, c.created_at
      from named n join contacts c on c.channel_id = n.channel_id and c.user_id = n.identifier
      union
      select c.id, c.channel_id, c.wa_id, c.user_id, c.previous_user_ids, c.created_at
      from contacts c
      where cardinality(c.previous_user_ids) > 0
        and c.channel_id in (select channel_id from named)
        and c.previous_user_ids && (select array_agg(identifier) from named)
      order by id`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    channelId: String(r.channel_id),
    waId: r.wa_id,
    userId: r.user_id,
    previousUserIds: textArray(r.previous_user_ids),
    createdAt: new Date(r.created_at),
  }));
}

/** PGlite and postgres.js both give text[] as an array; a driver that gives '{a,b}' is parsed. */
function textArray(value: string[] | string | null): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((v) => v.replace(/^"|"$/g, "")) : [];
}

/**
 * Two stored contacts found to be one person: the later one's messages and costs move to the
 * oldest, its app-saved name and inbox time are kept where newer, and it is deleted (before the
 * survivor takes its number or BSUID, so the unique keys never see both).
 */
async function mergeInto(db: Executor, survivor: StoredContact, others: StoredContact[]) {
  const otherIds = sql.join(
    others.map((o) => sql`${o.id}::uuid`),
    sql`, `,
  );
  await db.execute(
    sql`update messages set contact_id = ${survivor.id}, updated_at = now() where channel_id = ${survivor.channelId} and contact_id in (${otherIds})`,
  );
  await db.execute(
    sql`update message_costs set contact_id = ${survivor.id} where channel_id = ${survivor.channelId} and contact_id in (${otherIds})`,
  );
  await db.execute(sql`
    with gone as (delete from contacts where id in (${otherIds}) returning *),
    newest_name as (
      select app_name, app_name_at from gone where app_name_at is not null
      order by app_name_at desc limit 1)
    update contacts c set
      app_name = case when n.app_name_at > coalesce(c.app_name_at, '-infinity') then n.app_name else c.app_name end,
      app_name_at = greatest(c.app_name_at, n.app_name_at),
      profile_name = coalesce(c.profile_name, (select profile_name from gone where profile_name is not null limit 1)),
      username = coalesce(c.username, (select username from gone where username is not null limit 1)),
      app_synced_at = greatest(c.app_synced_at, (select max(app_synced_at) from gone)),
      last_live_message_at = greatest(c.last_live_message_at, (select max(last_live_message_at) from gone)),
      updated_at = now()
    from (select 1) one left join newest_name n on true
    where c.id = ${survivor.id}`);
}

/** Brings known people up to date: only rows where something changed are written. */
async function updateKnown(db: Executor, people: Person[]) {
  if (people.length === 0) return;
  const rows = people
    .map((p) => ({
      id: p.contacts[0]!.id,
      wa_id: p.waId,
      user_id: p.userId,
      previous_user_ids: p.previousUserIds,
      parent_user_id: p.parentUserId,
      username: p.username,
      profile_name: p.profileName,
      live_at: p.liveAt?.toISOString() ?? null,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const changed = sql.raw(`
    c.wa_id is distinct from coalesce(t.wa_id, c.wa_id)
    or c.user_id is distinct from coalesce(t.user_id, c.user_id)
    or c.previous_user_ids is distinct from t.previous_user_ids
    or (t.parent_user_id is not null and c.parent_user_id is distinct from t.parent_user_id)
    or (t.username is not null and c.username is distinct from t.username)
    or (t.profile_name is not null and c.profile_name is distinct from t.profile_name)
    or (t.live_at is not null and (c.last_live_message_at is null or c.last_live_message_at < t.live_at))`);
  await db.execute(sql`
    update contacts c set
      wa_id = coalesce(t.wa_id, c.wa_id),
      user_id = coalesce(t.user_id, c.user_id),
      previous_user_ids = t.previous_user_ids,
      parent_user_id = coalesce(t.parent_user_id, c.parent_user_id),
      username = coalesce(t.username, c.username),
      profile_name = coalesce(t.profile_name, c.profile_name),
      last_live_message_at = greatest(c.last_live_message_at, t.live_at),
      updated_at = now()
    from (
      select r.id, r.wa_id, r.user_id, r.parent_user_id, r.username, r.profile_name, r.live_at,
        array(select jsonb_array_elements_text(r.previous)) as previous_user_ids
      from json_to_recordset(${JSON.stringify(rows.map(({ previous_user_ids, ...r }) => ({ ...r, previous: previous_user_ids })))}::json)
        as r(id uuid, wa_id text, user_id text, previous jsonb, parent_user_id text,
             username text, profile_name text, live_at timestamptz)
    ) t
    where c.id = t.id and (${changed})`);
}

/**
 * New people are inserted and committed on a connection of their own, at once: inside the
 * batch's transaction, a second worker inserting the same new customer (a history's chunks name
 * the same people) would wait on the unique index until the whole first batch commits, and the
 * workers would take turns. Committed early, the wait is a few milliseconds. A contact row may
 * then outlive a batch that fails; the retry finds it. The lock timeout turns a wait on a batch
 * that itself waits on this one (a merge deleting the same number) into an error the pipeline
 * retries, instead of a hang no deadlock detector sees. PGlite is one connection: in the batch.
 */
async function insertCommitted(db: Executor, people: Person[]): Promise<Map<string, string>> {
  if (people.length === 0) return new Map();
  if (getDatabase().kind !== "postgres") return insertFresh(db, people);
  return getDb().transaction(async (own) => {
    await own.execute(sql`set local lock_timeout = '2s'`);
    return insertFresh(own, people);
  });
}

/** Inserts new people; one another transaction inserted first is left out (found on retry). */
async function insertFresh(db: Executor, people: Person[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (people.length === 0) return ids;
  const rows = people
    .map((p) => ({
      partner_id: p.partnerId,
      channel_id: p.channelId,
      wa_id: p.waId,
      user_id: p.userId,
      previous: p.previousUserIds,
      parent_user_id: p.parentUserId,
      username: p.username,
      profile_name: p.profileName,
      live_at: p.liveAt?.toISOString() ?? null,
    }))
    .sort((a, b) => (personKey(rowPerson(a)) < personKey(rowPerson(b)) ? -1 : 1));
  for (let i = 0; i < rows.length; i += 2_000) {
    const slice = rows.slice(i, i + 2_000);
    const inserted = rowsOf<{
      id: string;
      channel_id: string;
      wa_id: string | null;
      user_id: string | null;
    }>(
      await db.execute(sql`
        insert into contacts (partner_id, channel_id, wa_id, user_id, previous_user_ids,
          parent_user_id, username, profile_name, last_live_message_at)
        select partner_id, channel_id, wa_id, user_id,
          array(select jsonb_array_elements_text(previous)), parent_user_id, username,
          profile_name, live_at
        from json_to_recordset(${JSON.stringify(slice)}::json) as t(partner_id uuid,
          channel_id uuid, wa_id text, user_id text, previous jsonb, parent_user_id text,
          username text, profile_name text, live_at timestamptz)
        on conflict do nothing
        returning id, channel_id, wa_id, user_id`),
    );
    for (const row of inserted) {
      ids.set(
        personKey({ channelId: String(row.channel_id), waId: row.wa_id, userId: row.user_id }),
        String(row.id),
      );
    }
  }
  return ids;
}

const rowPerson = (r: { channel_id: string; wa_id: string | null; user_id: string | null }) => ({
  channelId: r.channel_id,
  waId: r.wa_id,
  userId: r.user_id,
});
