import { withSession } from "@/lib/api/session-route";
import { requirePartnerScope } from "@/lib/auth/scope";
import { listAuditEntries } from "@/lib/partners/audit";
import { auditFilterFromParams } from "@/lib/partners/console-list";
import { csvResponse, toCsv } from "@/lib/partners/csv";

const EXPORT_LIMIT = 50_000;

/** The audit log as CSV, with the page's filters (partner-only). */
export const GET = withSession("audit.export", {}, async (request, { scope }) => {
  const { filter } = auditFilterFromParams(Object.fromEntries(new URL(request.url).searchParams));
  const { entries } = await listAuditEntries(requirePartnerScope(scope), {
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
});
