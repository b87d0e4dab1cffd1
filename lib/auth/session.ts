import "server-only";
import { redirect } from "next/navigation";
import type { MembershipRole } from "@/db/schema/partners";
import { auth } from "./index";
import { findSessionMembership } from "./sessions";

/** Who is calling, as the database says now (not as the session cookie remembered it). */
export type Caller = {
  userId: string;
  partnerId: string;
  partnerName: string;
  role: MembershipRole;
  clientId: string | null;
  email: string;
  name: string | null;
};

export async function getCaller(): Promise<Caller | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.partnerId || !user.sessionId) return null;
  const membership = await findSessionMembership({
    sessionId: user.sessionId,
    userId: user.id,
    partnerId: user.partnerId,
  });
  if (!membership) return null;
  return {
    userId: membership.userId,
    partnerId: membership.partnerId,
    partnerName: membership.partnerName,
    role: membership.role,
    clientId: membership.clientId,
    email: membership.email,
    name: membership.name,
  };
}

/** For pages and layouts: the caller, or a redirect to sign-in. */
export async function requireCaller(): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");
  return caller;
}

/** The session row behind this request's cookie (to keep it when revoking the others). */
export async function currentSessionId(): Promise<string | null> {
  return (await auth())?.user?.sessionId ?? null;
}
