import { withSession } from "@/lib/api/session-route";
import { requirePartnerScope } from "@/lib/auth/scope";
import { clientListSpec } from "@/lib/partners/api-schemas";
import { listClients } from "@/lib/partners/clients";
import { clientConsoleFilters, consoleListQuery } from "@/lib/partners/console-list";
import { csvResponse, toCsv } from "@/lib/partners/csv";

const EXPORT_LIMIT = 10_000;

/** The clients list as CSV, with the same search, filters and sort as the page (partner-only). */
export const GET = withSession("clients.export", {}, async (request, { scope }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = {
    ...consoleListQuery(clientListSpec, params, clientConsoleFilters),
    limit: EXPORT_LIMIT,
    offset: 0,
  };
  const { clients } = await listClients(requirePartnerScope(scope), { query });
  const csv = toCsv(clients, [
    { header: "id", value: (c) => c.id },
    { header: "name", value: (c) => c.name },
    { header: "email", value: (c) => c.email },
    { header: "partner_payload", value: (c) => c.partnerPayload },
    { header: "status", value: (c) => c.status },
    { header: "channels", value: (c) => c.channelCount },
    { header: "max_channels", value: (c) => c.maxChannels },
    { header: "created_at", value: (c) => c.createdAt },
  ]);
  return csvResponse(csv, "clients.csv");
});
