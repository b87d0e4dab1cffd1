import { z } from "zod";
import { withErrorHandling } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { exportPartnerCostsCsv } from "@/lib/costs/partner-report";
import { exportChannelCostsCsv } from "@/lib/costs/reports";
import { AppError } from "@/lib/errors";

const query = z.object({
  channel_id: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

const DAY = 86_400_000;

/**
 * CSV of costs for signed-in partner users: a channel's priced messages (`channel_id`; another
 * partner's channel is 404), or without it the partner's daily rollups per client, channel and
 * category (`from` inclusive, `to` exclusive; the last 30 days by default).
 */
export const GET = withErrorHandling("costs.export", async (request: Request) => {
  const caller = await getCaller();
  if (!caller) throw new AppError("unauthorized", "Sign in first.");
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.channel_id) {
    const to = q.to ?? new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString().slice(0, 10);
    const csv = await exportPartnerCostsCsv({ partnerId: caller.partnerId, from, to });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="costs-${from}-to-${to}.csv"`,
      },
    });
  }
  const csv = await exportChannelCostsCsv({
    partnerId: caller.partnerId,
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
