/**
 * The hub's one uuid check. Ids from a URL, a cursor or Meta's callback data are checked before
 * they reach a uuid column: a malformed one would make Postgres throw a cast error, so it simply
 * names nothing. Any 8-4-4-4-12 hex string passes (what Postgres accepts), in either case.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
