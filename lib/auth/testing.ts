import type { ClientScope, PartnerScope } from "./scope";

/**
 * Scopes for tests and benches, as the session builds them: an owner of the partner (the whole
 * partner), or a client user pinned to one client. Lib reads and writes take one first.
 */
export function ownerScope(partnerId: string): PartnerScope {
  return { partnerId, role: "owner", clientId: null };
}

export function clientUserScope(partnerId: string, clientId: string): ClientScope {
  return { partnerId, role: "client", clientId };
}
