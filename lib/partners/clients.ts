import "server-only";
import { and, asc, count, desc, eq, exists, ilike, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, clients } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import type { ClientFilters } from "./api-schemas";
import { recordAudit } from "./audit";
import type { ListQuery } from "./list-query";

export type ClientRow = typeof clients.$inferSelect & { channelCount: number };

// Written out: drizzle leaves columns unqualified inside sql``, and "id" would bind to channels.
const channelCount = sql<number>`(select count(*)::int from "channels" as "cc" where "cc"."client_id" = "clients"."id")`;

/** Escapes LIKE wildcards so a search for `50%` means the characters, not a pattern. */
export function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function clientConditions(partnerId: string, filters: ClientFilters): SQL {
  const conditions: (SQL | undefined)[] = [eq(clients.partnerId, partnerId)];
  if (filters.status) conditions.push(eq(clients.status, filters.status));
  if (filters.partner_payload) conditions.push(eq(clients.partnerPayload, filters.partner_payload));
  if (filters.name) conditions.push(ilike(clients.name, likePattern(filters.name)));
  if (filters.email) conditions.push(ilike(clients.email, likePattern(filters.email)));
  if (filters.search) {
    const pattern = likePattern(filters.search);
    conditions.push(
      or(
        ilike(clients.name, pattern),
        ilike(clients.email, pattern),
        ilike(clients.partnerPayload, pattern),
      ),
    );
  }
  if (filters.country_code) {
    conditions.push(
      exists(
        getDb()
          .select({ one: sql`1` })
          .from(channels)
          .where(
            and(
              eq(channels.clientId, clients.id),
              eq(channels.partnerId, partnerId),
              eq(channels.countryCode, filters.country_code.toUpperCase()),
            ),
          ),
      ),
    );
  }
  return and(...conditions)!;
}

const sortColumns = {
  created_at: clients.createdAt,
  updated_at: clients.updatedAt,
  name: clients.name,
  status: clients.status,
  max_channels: clients.maxChannels,
} as const;

/** The partner's clients (partner-only: a client user has no client list). */
export async function listClients(
  { partnerId }: PartnerScope,
  { query }: { query: ListQuery<ClientFilters> },
): Promise<{ clients: ClientRow[]; total: number }> {
  const db = getDb();
  const where = clientConditions(partnerId, query.filters);
  const column = sortColumns[query.sortField as keyof typeof sortColumns] ?? clients.createdAt;
  const direction = query.descending ? desc : asc;
  const [rows, [total]] = await Promise.all([
    db
      .select({ client: clients, channelCount })
      .from(clients)
      .where(where)
      .orderBy(direction(column), direction(clients.id))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ value: count() }).from(clients).where(where),
  ]);
  return {
    clients: rows.map((row) => ({ ...row.client, channelCount: row.channelCount })),
    total: total?.value ?? 0,
  };
}

export async function getClientById(
  { partnerId }: PartnerScope,
  { clientId }: { clientId: string },
): Promise<ClientRow | null> {
  const [row] = await getDb()
    .select({ client: clients, channelCount })
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), eq(clients.id, clientId)));
  return row ? { ...row.client, channelCount: row.channelCount } : null;
}

function auditView(client: typeof clients.$inferSelect) {
  return { partnerPayload: client.partnerPayload, maxChannels: client.maxChannels };
}

function isUniqueViolation(error: unknown) {
  const code =
    (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}

/** Changes what partners may change on a client: their own id for it and its channel cap. */
export async function updateClient(
  { partnerId }: PartnerScope,
  {
    clientId,
    changes,
    actor,
  }: {
    clientId: string;
    changes: { partnerPayload?: string | null; maxChannels?: number };
    actor: Actor;
  },
): Promise<ClientRow> {
  try {
    return await getDb().transaction(async (tx) => {
      const [before] = await tx
        .select({ client: clients, channelCount })
        .from(clients)
        .where(and(eq(clients.partnerId, partnerId), eq(clients.id, clientId)))
        .for("update");
      if (!before) throw new AppError("not_found", "Client not found.");
      if (changes.maxChannels !== undefined && changes.maxChannels < before.channelCount) {
        throw new AppError(
          "unprocessable",
          `This client already has ${before.channelCount} channels; max_channels cannot be lower.`,
          { max_channels: [`must be at least ${before.channelCount}`] },
        );
      }
      const [after] = await tx
        .update(clients)
        .set({
          ...(changes.partnerPayload !== undefined
            ? { partnerPayload: changes.partnerPayload }
            : {}),
          ...(changes.maxChannels !== undefined ? { maxChannels: changes.maxChannels } : {}),
        })
        .where(and(eq(clients.partnerId, partnerId), eq(clients.id, clientId)))
        .returning();
      await recordAudit(
        {
          partnerId,
          actor,
          action: "client.updated",
          targetType: "client",
          targetId: clientId,
          before: auditView(before.client),
          after: auditView(after!),
        },
        tx,
      );
      return { ...after!, channelCount: before.channelCount };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "Another client already has this partner_payload.", {
        partner_payload: ["is already used by another client"],
      });
    }
    throw error;
  }
}
