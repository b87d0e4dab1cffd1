import "server-only";
import type { MembershipRole } from "@/db/schema/partners";

/**
 * Whether the caller may read what a deleted message said and open its media (owners only). The
 * tenant itself is the caller's `scope`, which lib/chats takes as its first parameter.
 */
export function canSeeDeleted(caller: { role: MembershipRole }): boolean {
  return caller.role === "owner";
}
