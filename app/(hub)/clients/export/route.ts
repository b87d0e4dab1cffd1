import { errorResponse } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { clientListSpec } from "@/lib/partners/api-schemas";
import { listClients } from "@/lib/partners/clients";
import { clientConsoleFilters, consoleListQuery } from "@/lib/partners/console-list";
import { csvResponse, toCsv } from "@/lib/partners/csv";

const EXPORT_LIMIT = 10_000;

/** The clients list as CSV, with the same search, filters and sort as the page. */
export async function GET(request: Request) {
  const caller = await getCaller();
  if (!caller) return errorResponse(new AppError("unauthorized", "Please sign in again."));
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = {
    ...consoleListQuery(clientListSpec, params, clientConsoleFilters),
    limit: EXPORT_LIMIT,
    offset: 0,
  };
  const { clients } = await listClients({ partnerId: caller.partnerId, query });
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
}
