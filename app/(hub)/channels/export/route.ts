import { withSession } from "@/lib/api/session-route";
import { channelListSpec } from "@/lib/partners/api-schemas";
import { listChannels } from "@/lib/partners/channels";
import { channelConsoleFilters, consoleListQuery } from "@/lib/partners/console-list";
import { csvResponse, toCsv } from "@/lib/partners/csv";

const EXPORT_LIMIT = 10_000;

/** The channels list as CSV, with the same search, filters and sort as the page (the scope's). */
export const GET = withSession(
  "channels.export",
  { access: "portal" },
  async (request, { scope }) => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = {
      ...consoleListQuery(channelListSpec, params, channelConsoleFilters),
      limit: EXPORT_LIMIT,
      offset: 0,
    };
    const { channels } = await listChannels(scope, { query });
    const csv = toCsv(channels, [
      { header: "id", value: (c) => c.id },
      { header: "display_phone_number", value: (c) => c.displayPhoneNumber },
      { header: "verified_name", value: (c) => c.verifiedName },
      { header: "client", value: (c) => c.clientName },
      { header: "client_id", value: (c) => c.clientId },
      { header: "status", value: (c) => c.status },
      { header: "coexistence", value: (c) => c.coexistence },
      { header: "quality_rating", value: (c) => c.qualityRating },
      { header: "country_code", value: (c) => c.countryCode },
      { header: "onboarded_at", value: (c) => c.onboardedAt },
      { header: "last_app_activity_at", value: (c) => c.lastAppActivityAt },
      { header: "contacts_sync", value: (c) => c.syncState.contacts },
      { header: "history_sync", value: (c) => c.syncState.history },
      { header: "history_progress", value: (c) => c.syncState.historyProgress },
    ]);
    return csvResponse(csv, "channels.csv");
  },
);
