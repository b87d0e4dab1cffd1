import "server-only";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { type auditActorTypes, auditLog } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import type { Actor } from "./actor";

/** A transaction or the database: audit rows are written in the same transaction as the change. */
type Writer = Pick<Db, "insert">;

export type AuditInput = {
  partnerId: string;
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
};

/** Written by lib's own writes, in their transaction, for the partner they already checked. */
export async function recordAudit(input: AuditInput, writer: Writer = getDb()) {
  await writer.insert(auditLog).values({
    partnerId: input.partnerId,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
  });
}

export type AuditFilter = {
  action?: string;
  actorType?: (typeof auditActorTypes)[number];
  targetId?: string;
  from?: Date;
  to?: Date;
};

function auditWhere(partnerId: string, filter: AuditFilter): SQL {
  const conditions: SQL[] = [eq(auditLog.partnerId, partnerId)];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actorType) conditions.push(eq(auditLog.actorType, filter.actorType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  return and(...conditions)!;
}

/** The partner's audit entries, newest first. */
export async function listAuditEntries(
  { partnerId }: PartnerScope,
  {
    filter = {},
    limit = 50,
    offset = 0,
  }: { filter?: AuditFilter; limit?: number; offset?: number } = {},
) {
  const db = getDb();
  const where = auditWhere(partnerId, filter);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(auditLog).where(where),
  ]);
  return { entries: rows, total: totalRow?.value ?? 0 };
}

/** The distinct actions the partner's log holds, for the filter menu. */
export async function listAuditActions({ partnerId }: PartnerScope) {
  const rows = await getDb()
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.partnerId, partnerId))
    .orderBy(auditLog.action);
  return rows.map((row) => row.action);
}
