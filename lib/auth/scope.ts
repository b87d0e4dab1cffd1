import type { SQL } from "drizzle-orm";
import { and, eq } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { MembershipRole } from "@/db/schema/partners";
import { AppError } from "@/lib/errors";

/**
 * Who a request acts for, as one value: the partner (the tenant boundary), the role, and for
 * client users the one client they are pinned to. The session (lib/auth/session.ts), the action
 * wrapper (lib/action.ts), the session routes (lib/api/session-route.ts) and the API-key wrappers
 * (lib/api/api-key-auth.ts) produce it; every tenant-facing lib read and write takes it as its
 * first parameter (`PartnerScope` for partner-only features) and filters in SQL with
 * `tenantCondition`, so a call cannot leave the client filter out and no page re-checks ownership
 * by hand. System jobs that run across partners (pricing, forwarding worker, ingestion, health
 * evaluation, sandbox) take a bare partner id; they never serve a signed-in user.
 */
export type Scope =
  | {
      readonly partnerId: string;
      /**
       * Owners and members see the whole partner; API keys act for the partner too, and so do
       * the hub's own jobs and CLI (`systemScope`) when they reach a tenant-facing read.
       */
      readonly role: Exclude<MembershipRole, "client"> | "api_key" | "system";
      readonly clientId: null;
    }
  | {
      readonly partnerId: string;
      readonly role: "client";
      /** Every read and write is narrowed to this client's rows as well. */
      readonly clientId: string;
    };

export type ClientScope = Extract<Scope, { role: "client" }>;
export type PartnerScope = Exclude<Scope, ClientScope>;

/** The scope of a membership; a client user without a client gets none (no access at all). */
export function scopeOfMembership(membership: {
  partnerId: string;
  role: MembershipRole;
  clientId: string | null;
}): Scope | null {
  if (membership.role === "client") {
    if (!membership.clientId) return null;
    return { partnerId: membership.partnerId, role: "client", clientId: membership.clientId };
  }
  return { partnerId: membership.partnerId, role: membership.role, clientId: null };
}

/** An API key acts for its partner, every client included. */
export function keyScope(partnerId: string): PartnerScope {
  return { partnerId, role: "api_key", clientId: null };
}

/**
 * The hub itself acting for a whole partner (jobs, the CLI, demo seeding, benches): for a
 * tenant-facing read outside any request. Never built from user input.
 */
export function systemScope(partnerId: string): PartnerScope {
  return { partnerId, role: "system", clientId: null };
}

export function isClientScope(scope: Scope): scope is ClientScope {
  return scope.role === "client";
}

/**
 * For partner-only functions: a client user gets "not found", as for an id that is not theirs
 * (the answer does not tell a client user which partner features exist).
 */
export function requirePartnerScope(scope: Scope): PartnerScope {
  if (isClientScope(scope)) throw new AppError("not_found", "Not found.");
  return scope;
}

/**
 * The tenant filter of a table with partner and client columns: the partner always, the client
 * when the scope is a client user's.
 */
export function tenantCondition(
  scope: Scope,
  columns: { partnerId: AnyPgColumn; clientId: AnyPgColumn },
): SQL {
  return and(
    eq(columns.partnerId, scope.partnerId),
    scope.clientId ? eq(columns.clientId, scope.clientId) : undefined,
  )!;
}
