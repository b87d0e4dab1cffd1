/**
 * Who changed something, for the audit log: a signed-in user, one of the partner's API keys, or
 * the hub itself (jobs, ingestion).
 */
export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "api_key"; id: string; label: string }
  | { type: "system"; id?: undefined; label: string };

export function userActor(caller: { userId: string; email: string }): Actor {
  return { type: "user", id: caller.userId, label: caller.email };
}

export function keyActor(key: { id: string; prefix: string }): Actor {
  return { type: "api_key", id: key.id, label: `key ${key.prefix}…` };
}
