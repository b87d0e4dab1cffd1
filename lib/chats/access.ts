import "server-only";
import type { Caller } from "@/lib/auth/session";

/**
 * The caller's scope as lib/chats takes it: the tenant (client users: their client's channels
 * only) and whether deleted messages show (owners only).
 */
export function chatScope(caller: Caller) {
  return {
    partnerId: caller.scope.partnerId,
    clientId: caller.scope.clientId,
    canSeeDeleted: caller.role === "owner",
  };
}
