import { isBsuid } from "@/lib/meta/bsuid";

/**
 * Who is who in a batch: pure grouping of the identifiers a batch names (numbers, BSUIDs, the
 * contacts already stored) into people. One person is one connected group: a sighting that
 * names a number and a BSUID together links them, a user id change links the old BSUID to the
 * new one, a stored contact links every identifier it holds. No database here (see ./resolve.ts).
 */

/** How Meta names a customer in one payload: any part may be missing. */
export type CustomerRef = {
  /** The phone number, digits (`wa_id`, `from`, `recipient_id`, `to`). */
  waId?: string | null;
  /** The business-scoped user id (`user_id`, `from_user_id`, `recipient_user_id`, `to_user_id`). */
  userId?: string | null;
  parentUserId?: string | null;
  username?: string | null;
};

export type Sighting = CustomerRef & {
  channelId: string;
  partnerId: string;
  profileName?: string | null;
  /** Live messages only: history never moves a conversation up the inbox. */
  liveAt?: Date | null;
};

/** Meta said this customer's BSUID changed (a `user_id_update`, or its system message). */
export type UserIdChange = {
  channelId: string;
  partnerId: string;
  previousUserId: string;
  userId: string;
  /** The new number, when the change came with one (`user_changed_number`). */
  waId?: string | null;
  at: Date;
};

export type StoredContact = {
  id: string;
  channelId: string;
  waId: string | null;
  userId: string | null;
  previousUserIds: string[];
  createdAt: Date;
};

/** An address as the hub stores it on a message (a number or a BSUID) as a customer ref. */
export const refOfAddress = (address: string): CustomerRef =>
  isBsuid(address) ? { userId: address } : { waId: address };

/** The identifier a message is filed under: the number when Meta gave one, else the BSUID. */
export const addressOf = (ref: CustomerRef): string | null => ref.waId || ref.userId || null;

/** The key of an identifier of one channel. */
export const identifierKey = (channelId: string, identifier: string) =>
  `${channelId}|${identifier}`;

export type Person = {
  channelId: string;
  partnerId: string;
  /** Stored contacts that turned out to be this person: the oldest survives, the rest merge in. */
  contacts: StoredContact[];
  waId: string | null;
  userId: string | null;
  previousUserIds: string[];
  parentUserId: string | null;
  username: string | null;
  profileName: string | null;
  liveAt: Date | null;
  /** Every identifier of this person the batch or the store named (identifierKey form). */
  keys: string[];
};

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      this.parent.set(x, x);
      return x;
    }
    root = this.find(root);
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
  keys() {
    return [...this.parent.keys()];
  }
}

const contactNode = (id: string) => `contact:${id}`;

/** Every identifier a batch names, to look the stored contacts up by. */
export function namedIdentifiers(sightings: Sighting[], changes: UserIdChange[]) {
  const named = new Map<string, { channelId: string; identifier: string }>();
  const add = (channelId: string, identifier: string | null | undefined) => {
    if (identifier) named.set(identifierKey(channelId, identifier), { channelId, identifier });
  };
  for (const s of sightings) {
    add(s.channelId, s.waId);
    add(s.channelId, s.userId);
  }
  for (const c of changes) {
    add(c.channelId, c.previousUserId);
    add(c.channelId, c.userId);
    add(c.channelId, c.waId);
  }
  return [...named.values()];
}

/**
 * Groups a batch's sightings and id changes with the stored contacts they name into people, and
 * decides each person's identity: the newest BSUID no change has retired, the number that goes
 * with it, the latest username and profile name, the latest live time.
 */
export function groupPeople(
  sightings: Sighting[],
  changes: UserIdChange[],
  stored: StoredContact[],
): Person[] {
  const uf = new UnionFind();
  for (const s of sightings) {
    const ids = [s.waId, s.userId].filter(Boolean) as string[];
    for (const id of ids)
      uf.union(identifierKey(s.channelId, ids[0]!), identifierKey(s.channelId, id));
  }
  for (const c of changes) {
    const first = identifierKey(c.channelId, c.userId);
    uf.union(first, identifierKey(c.channelId, c.previousUserId));
    if (c.waId) uf.union(first, identifierKey(c.channelId, c.waId));
  }
  for (const contact of stored) {
    const node = contactNode(contact.id);
    uf.find(node);
    for (const id of [contact.waId, contact.userId, ...contact.previousUserIds]) {
      if (id) uf.union(node, identifierKey(contact.channelId, id));
    }
  }

  const groups = new Map<
    string,
    { sightings: Sighting[]; changes: UserIdChange[]; contacts: StoredContact[]; keys: string[] }
  >();
  const group = (node: string) => {
    const root = uf.find(node);
    let g = groups.get(root);
    if (!g) {
      g = { sightings: [], changes: [], contacts: [], keys: [] };
      groups.set(root, g);
    }
    return g;
  };
  for (const node of uf.keys()) {
    if (!node.startsWith("contact:")) group(node).keys.push(node);
  }
  for (const s of sightings) {
    const address = addressOf(s);
    if (address) group(identifierKey(s.channelId, address)).sightings.push(s);
  }
  for (const c of changes) group(identifierKey(c.channelId, c.userId)).changes.push(c);
  for (const contact of stored) group(contactNode(contact.id)).contacts.push(contact);

  const people: Person[] = [];
  for (const g of groups.values()) {
    if (g.sightings.length === 0 && g.changes.length === 0) continue;
    people.push(decide(g));
  }
  return people;
}

function decide(g: {
  sightings: Sighting[];
  changes: UserIdChange[];
  contacts: StoredContact[];
  keys: string[];
}): Person {
  const first = g.sightings[0] ?? g.changes[0]!;
  const contacts = [...g.contacts].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  const changes = [...g.changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const retired = new Set<string>();
  for (const c of changes) retired.add(c.previousUserId);
  for (const contact of contacts) for (const id of contact.previousUserIds) retired.add(id);
  // A change can be undone by a later one (A to B, then B to A): the latest change decides.
  const latestChange = changes.at(-1);
  if (latestChange) retired.delete(latestChange.userId);

  const lastOf = <T>(items: T[], pick: (item: T) => string | null | undefined) => {
    for (let i = items.length - 1; i >= 0; i--) {
      const value = pick(items[i]!);
      if (value) return value;
    }
    return null;
  };
  const userId =
    latestChange?.userId ??
    lastOf(g.sightings, (s) => (s.userId && !retired.has(s.userId) ? s.userId : null)) ??
    lastOf(contacts, (c) => (c.userId && !retired.has(c.userId) ? c.userId : null)) ??
    lastOf(g.sightings, (s) => s.userId) ??
    lastOf(contacts, (c) => c.userId);

  const everyUserId = new Set<string>();
  for (const s of g.sightings) if (s.userId) everyUserId.add(s.userId);
  for (const c of changes) everyUserId.add(c.previousUserId).add(c.userId);
  for (const contact of contacts) {
    if (contact.userId) everyUserId.add(contact.userId);
    for (const id of contact.previousUserIds) everyUserId.add(id);
  }
  everyUserId.delete(userId ?? "");

  // The number that goes with the current BSUID: a number seen beside a retired BSUID is old.
  const waId =
    lastOf(changes, (c) => c.waId) ??
    lastOf(g.sightings, (s) => (s.waId && (!s.userId || s.userId === userId) ? s.waId : null)) ??
    contacts.find((c) => c.waId)?.waId ??
    lastOf(g.sightings, (s) => s.waId);

  let liveAt: Date | null = null;
  for (const s of g.sightings) {
    if (s.liveAt && (!liveAt || s.liveAt > liveAt)) liveAt = s.liveAt;
  }
  return {
    channelId: first.channelId,
    partnerId: first.partnerId,
    contacts,
    waId,
    userId,
    previousUserIds: [...everyUserId].sort(),
    parentUserId: lastOf(g.sightings, (s) => s.parentUserId),
    username: lastOf(g.sightings, (s) => s.username),
    profileName: lastOf(g.sightings, (s) => s.profileName),
    liveAt,
    keys: g.keys,
  };
}
