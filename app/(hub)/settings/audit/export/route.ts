import { errorResponse } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { listAuditEntries } from "@/lib/partners/audit";
import { auditFilterFromParams } from "@/lib/partners/console-list";
import { csvResponse, toCsv } from "@/lib/partners/csv";

const EXPORT_LIMIT = 50_000;

/** The audit log as CSV, with the page's filters. */
export async function GET(request: Request) {
  const caller = await getCaller();
  if (!caller) return errorResponse(new AppError("unauthorized", "Please sign in again."));
  const { filter } = auditFilterFromParams(Object.fromEntries(new URL(request.url).searchParams));
  const { entries } = await listAuditEntries({
    partnerId: caller.partnerId,
    filter,
    limit: EXPORT_LIMIT,
    offset: 0,
  });
  const csv = toCsv(entries, [
    { header: "created_at", value: (e) => e.createdAt },
    { header: "actor_type", value: (e) => e.actorType },
    { header: "actor_id", value: (e) => e.actorId },
    { header: "actor", value: (e) => e.actorLabel },
    { header: "action", value: (e) => e.action },
    { header: "target_type", value: (e) => e.targetType },
    { header: "target_id", value: (e) => e.targetId },
    { header: "before", value: (e) => e.before },
    { header: "after", value: (e) => e.after },
  ]);
  return csvResponse(csv, "audit-log.csv");
}
