import { z } from "zod";
import { withSession } from "@/lib/api/session-route";
import { exportPartnerCostsCsv } from "@/lib/costs/partner-report";
import { exportChannelCostsCsv } from "@/lib/costs/reports";

const query = z.object({
  channel_id: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

const DAY = 86_400_000;

/**
 * CSV of costs for signed-in users: a channel's priced messages (`channel_id`; a channel outside
 * the caller's scope is 404), or without it the daily rollups per client, channel and category
 * (`from` inclusive, `to` exclusive; the last 30 days by default). A client user's scope narrows
 * both to its own client.
 */
export const GET = withSession("costs.export", { access: "portal" }, async (request, { scope }) => {
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.channel_id) {
    const to = q.to ?? new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString().slice(0, 10);
    const csv = await exportPartnerCostsCsv(scope, { from, to });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="costs-${from}-to-${to}.csv"`,
      },
    });
  }
  const csv = await exportChannelCostsCsv(scope, {
    channelId: q.channel_id,
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : null,
    to: q.to ? new Date(`${q.to}T00:00:00Z`) : null,
  });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="costs-${q.channel_id}.csv"`,
    },
  });
});
