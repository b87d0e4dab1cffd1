import "server-only";
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { type OnboardingSession, onboardingSessions } from "@/db/schema";
import type { PartnerScope } from "@/lib/auth/scope";
import type { OnboardingSessionFilters } from "@/lib/partners/api-schemas-onboarding";
import type { ListQuery } from "@/lib/partners/list-query";
import { statusesOfOutcome } from "./outcomes";
import { reachedStep } from "./sessions";

export type OnboardingSessionRow = OnboardingSession & { reachedStep: string };

const startOf = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value);

function conditions(partnerId: string, f: OnboardingSessionFilters): SQL {
  const s = onboardingSessions;
  return and(
    eq(s.partnerId, partnerId),
    f.status ? eq(s.status, f.status) : undefined,
    f.outcome ? inArray(s.status, statusesOfOutcome(f.outcome)) : undefined,
    f.current_step ? eq(s.cancelStep, f.current_step) : undefined,
    f.client_id ? eq(s.clientId, f.client_id) : undefined,
    f.partner_payload ? eq(s.partnerPayload, f.partner_payload) : undefined,
    f.from ? gte(s.createdAt, startOf(f.from)) : undefined,
    f.to ? lt(s.createdAt, startOf(f.to)) : undefined,
  )!;
}

const sortColumns = {
  created_at: onboardingSessions.createdAt,
  completed_at: onboardingSessions.completedAt,
  status: onboardingSessions.status,
} as const;

/** The partner's onboarding sessions for the Partner API: filtered, sorted, one page. */
export async function listOnboardingSessionPage(
  { partnerId }: PartnerScope,
  { query }: { query: ListQuery<OnboardingSessionFilters> },
): Promise<{ sessions: OnboardingSessionRow[]; total: number }> {
  const where = conditions(partnerId, query.filters);
  const column = sortColumns[query.sortField as keyof typeof sortColumns];
  const direction = query.descending ? desc : asc;
  const db = getDb();
  const [[total], rows] = await Promise.all([
    db.select({ value: count() }).from(onboardingSessions).where(where),
    db
      .select()
      .from(onboardingSessions)
      .where(where)
      // Sessions never completed sort last either way; ties by id keep pages stable.
      .orderBy(
        sql`${column} ${sql.raw(query.descending ? "desc" : "asc")} nulls last`,
        direction(onboardingSessions.id),
      )
      .limit(query.limit)
      .offset(query.offset),
  ]);
  return {
    total: total?.value ?? 0,
    sessions: rows.map((row) => ({ ...row, reachedStep: reachedStep(row) })),
  };
}
