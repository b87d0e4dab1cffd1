import "server-only";
import type { Caller } from "@/lib/auth/session";

/** The tenant scope of a caller for lib/chats: client users see only their client's channels. */
export function chatScope(caller: Caller) {
  return {
    partnerId: caller.partnerId,
    clientId:
      caller.role === "client" ? (caller.clientId ?? "00000000-0000-0000-0000-000000000000") : null,
    canSeeDeleted: caller.role === "owner",
  };
}
