import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { MembershipRole } from "@/db/schema/partners";
import { auth } from "./index";
import { isClientScope, type PartnerScope, type Scope, scopeOfMembership } from "./scope";
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
  /** What the caller may read and write: lib functions take it as their first parameter. */
  scope: Scope;
};

/** A caller of a partner-only entry point: its scope is a partner's (owners and members). */
export type PartnerCaller = Caller & { scope: PartnerScope };

/** The caller as an entry point of this access gets it. */
export type CallerFor<A extends Access> = A extends "portal" ? Caller : PartnerCaller;

/**
 * Who may open an entry point: `partner` (owners and members; client users get not found, the
 * default so that a new page or action is closed to client users until opened on purpose) or
 * `portal` (client users too, narrowed to their client by their scope).
 */
export type Access = "partner" | "portal";

async function readCaller(): Promise<Caller | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.partnerId || !user.sessionId) return null;
  const membership = await findSessionMembership({
    sessionId: user.sessionId,
    userId: user.id,
    partnerId: user.partnerId,
  });
  if (!membership) return null;
  const scope = scopeOfMembership(membership);
  if (!scope) return null;
  return {
    userId: membership.userId,
    partnerId: membership.partnerId,
    partnerName: membership.partnerName,
    role: membership.role,
    clientId: scope.clientId,
    email: membership.email,
    name: membership.name,
    scope,
  };
}

/** Once per request: a page, its layout and their components read the session once. */
export const getCaller = cache(readCaller);

/** Whether the caller may use an entry point of this access. */
export function allows(access: Access, caller: Caller) {
  return access === "portal" || caller.scope.role !== "client";
}

/**
 * The caller narrowed to an entry point's access: partner-only ones get a `PartnerCaller` (so
 * partner-only lib functions accept its scope), or null for a client user.
 */
export function callerFor<A extends Access>(access: A, caller: Caller): CallerFor<A> | null {
  if (access === "portal") return caller as CallerFor<A>;
  const { scope } = caller;
  if (isClientScope(scope)) return null;
  return { ...caller, scope } as CallerFor<A>;
}

/**
 * For pages and layouts: the caller, or a redirect to sign-in. Partner-only by default: a client
 * user gets the not-found page (HTTP 404), as for an id that is not theirs.
 */
export async function requireCaller<A extends Access = "partner">(
  access: A = "partner" as A,
): Promise<CallerFor<A>> {
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");
  const allowed = callerFor(access, caller);
  if (!allowed) notFound();
  return allowed;
}

/** The session row behind this request's cookie (to keep it when revoking the others). */
export async function currentSessionId(): Promise<string | null> {
  return (await auth())?.user?.sessionId ?? null;
}
