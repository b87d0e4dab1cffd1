import "server-only";
import type { MembershipRole } from "@/db/schema/partners";
import { scopeOfMembership } from "@/lib/auth/scope";

// Matches no client: a client-role membership without a client reaches nothing.
const NO_CLIENT = "00000000-0000-0000-0000-000000000000";

/**
 * The caller's scope as lib/chats takes it: the tenant (client users: their client's channels
 * only, lib/auth/scope.ts) and whether deleted messages show (owners only).
 */
export function chatScope(caller: {
  partnerId: string;
  role: MembershipRole;
  clientId: string | null;
}) {
  const scope = scopeOfMembership(caller);
  return {
    partnerId: caller.partnerId,
    clientId: scope ? scope.clientId : NO_CLIENT,
    canSeeDeleted: caller.role === "owner",
  };
}
