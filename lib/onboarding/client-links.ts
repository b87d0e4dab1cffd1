import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { clients } from "@/db/schema";
import type { ClientScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { createOnboardingLink } from "./partner-links";

export type ClientAllowance = {
  clientName: string;
  channels: number;
  maxChannels: number;
  /** What ties a new number to this client when the onboarding finishes (attach-channel.ts). */
  boundBy: "partner_payload" | "email" | null;
};

async function readClient(scope: ClientScope) {
  const [row] = await getDb()
    .select({
      name: clients.name,
      email: clients.email,
      partnerPayload: clients.partnerPayload,
      maxChannels: clients.maxChannels,
      // Written out, as in lib/partners/clients.ts: drizzle leaves columns unqualified in sql``.
      channels: sql<number>`(select count(*)::int from "channels" as "cc" where "cc"."client_id" = "clients"."id")`,
    })
    .from(clients)
    .where(and(eq(clients.partnerId, scope.partnerId), eq(clients.id, scope.clientId)));
  if (!row) throw new AppError("not_found", "Client not found.");
  return row;
}

/** How many numbers the client user's client has and may have, read in its scope. */
export async function getClientAllowance(scope: ClientScope): Promise<ClientAllowance> {
  const row = await readClient(scope);
  return {
    clientName: row.name,
    channels: Number(row.channels),
    maxChannels: row.maxChannels,
    boundBy: row.partnerPayload ? "partner_payload" : row.email ? "email" : null,
  };
}

/**
 * A client user's link to connect another number of its own: the partner's onboarding link with
 * the client's own id (`partner`, else its email), which is how the finished onboarding finds the
 * client rather than creating a new one. Refused at `max_channels`, and when nothing would tie the
 * number to the client (the partner sets the client's id or email first).
 */
export async function createClientOnboardingLink(
  scope: ClientScope,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ url: string; signed: boolean }> {
  const client = await readClient(scope);
  if (client.channels >= client.maxChannels) {
    throw new AppError(
      "conflict",
      `You have ${client.channels} of ${client.maxChannels} numbers allowed. Ask your partner for more.`,
    );
  }
  if (!client.partnerPayload && !client.email) {
    throw new AppError(
      "conflict",
      "Your account has no client id or email yet: ask your partner to set one first.",
    );
  }
  return createOnboardingLink(scope, {
    params: client.partnerPayload
      ? { partner: client.partnerPayload, name: client.name }
      : { email: client.email ?? undefined, name: client.name },
    // Signed when the partner requires signed links (createOnboardingLink decides).
    sign: false,
    now,
  });
}
