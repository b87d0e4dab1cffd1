import { describe, expect, expectTypeOf, it } from "vitest";
import type { countConversations, listConversations } from "@/lib/chats";
import type { sendChatMessage } from "@/lib/chats/send";
import type { exportChannelCostsCsv } from "@/lib/costs/reports";
import type { listNotifications } from "@/lib/health/notifications";
import type { listApiKeys } from "@/lib/partners/api-keys";
import type { listAuditEntries } from "@/lib/partners/audit";
import type { getChannelById, listChannels } from "@/lib/partners/channels";
import type { getClientById } from "@/lib/partners/clients";
import { keyScope, type PartnerScope, requirePartnerScope, type Scope } from "./scope";
import { clientUserScope, ownerScope } from "./testing";

/**
 * Type-level tests, checked by `npm run typecheck` (tsc compiles test files too): a tenant-facing
 * lib read or write cannot be called without a scope, with a bare partner id, with the old
 * `{ partnerId, clientId? }` tenant, or (partner-only features) with a client user's scope. The
 * lib functions are declared, never run: each `@ts-expect-error` line must fail to compile for
 * its stated reason, and the line above it shows the same call with a scope compiles.
 */
declare const lib: {
  getChannelById: typeof getChannelById;
  listChannels: typeof listChannels;
  listConversations: typeof listConversations;
  countConversations: typeof countConversations;
  sendChatMessage: typeof sendChatMessage;
  exportChannelCostsCsv: typeof exportChannelCostsCsv;
  listNotifications: typeof listNotifications;
  getClientById: typeof getClientById;
  listApiKeys: typeof listApiKeys;
  listAuditEntries: typeof listAuditEntries;
};

const partnerId = "00000000-0000-4000-8000-000000000001";
const clientId = "00000000-0000-4000-8000-000000000002";
const channelId = "00000000-0000-4000-8000-000000000003";
const query = { limit: 10, offset: 0, sort: "-created_at", sortField: "created_at" };

// Compiled, never called: the calls would need a database.
function scopeFirstCalls(scope: Scope) {
  const owner = ownerScope(partnerId);
  const client = clientUserScope(partnerId, clientId);

  void lib.getChannelById(scope, { channelId });
  // @ts-expect-error a partner id alone is not a scope (no role, no client)
  void lib.getChannelById({ partnerId }, { channelId });
  // @ts-expect-error the old optional-client tenant is not a scope either
  void lib.getChannelById({ partnerId, clientId: null }, { channelId });
  // @ts-expect-error the old spread form (`{ ...scope, channelId }`): the scope is its own argument
  void lib.getChannelById({ ...scope, channelId });

  void lib.listConversations(client, { channelId });
  void lib.listConversations(owner);
  // @ts-expect-error no read without a scope
  void lib.listConversations();
  void lib.countConversations(scope, { channelId });
  // @ts-expect-error the filters are not a scope
  void lib.countConversations({ channelId });

  void lib.listChannels(client, { query: { ...query, descending: true, filters: {} } });
  // @ts-expect-error a client id without the partner and role is not a scope
  void lib.listChannels({ clientId }, { query: { ...query, descending: true, filters: {} } });

  void lib.exportChannelCostsCsv(scope, { channelId });
  // @ts-expect-error a bare partner id for tenant data
  void lib.exportChannelCostsCsv(partnerId, { channelId });

  void lib.listNotifications(client, { limit: 20 });
  // @ts-expect-error the old `{ partnerId, clientId, ...args }` single argument
  void lib.listNotifications({ partnerId, clientId, limit: 20 });

  const sentBy = { kind: "user", userId: partnerId } as const;
  void lib.sendChatMessage(client, { channelId, body: {}, sentBy });
  // @ts-expect-error writes take the scope first too
  void lib.sendChatMessage({ partnerId, channelId, body: {}, sentBy });
}

// Partner-only features (clients, keys, webhooks, audit log, funnel, partner-wide costs) take a
// PartnerScope: a client user's scope, or a Scope not narrowed by requirePartnerScope, is refused.
function partnerOnlyCalls(scope: Scope, partner: PartnerScope) {
  const client = clientUserScope(partnerId, clientId);

  void lib.getClientById(partner, { clientId });
  void lib.getClientById(requirePartnerScope(scope), { clientId });
  // @ts-expect-error a client user has no client list (not even its own client's page)
  void lib.getClientById(client, { clientId });
  // @ts-expect-error a Scope may be a client user's: narrow it with requirePartnerScope first
  void lib.getClientById(scope, { clientId });

  void lib.listApiKeys(keyScope(partnerId), { kind: "partner" });
  // @ts-expect-error keys are partner-only
  void lib.listApiKeys(client, { kind: "partner" });

  void lib.listAuditEntries(partner);
  // @ts-expect-error the audit log is partner-only
  void lib.listAuditEntries(scope);
}

describe("lib takes the scope first", () => {
  it("is checked by the compiler (npm run typecheck); the scopes the helpers build", () => {
    // The calls above are compiled only (running them would need a database).
    expect([scopeFirstCalls, partnerOnlyCalls].map((f) => typeof f)).toEqual([
      "function",
      "function",
    ]);
    expectTypeOf(ownerScope(partnerId)).toEqualTypeOf<PartnerScope>();
    expectTypeOf<Parameters<typeof getChannelById>[0]>().toEqualTypeOf<Scope>();
    expectTypeOf<Parameters<typeof listApiKeys>[0]>().toEqualTypeOf<PartnerScope>();
    expect(clientUserScope(partnerId, clientId)).toEqual({ partnerId, role: "client", clientId });
    expect(() => requirePartnerScope(clientUserScope(partnerId, clientId))).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });
});
