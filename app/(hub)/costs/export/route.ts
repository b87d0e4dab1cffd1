import { z } from "zod";
import { withErrorHandling } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/session";
import { exportChannelCostsCsv } from "@/lib/costs/reports";
import { AppError } from "@/lib/errors";

const query = z.object({
  channel_id: z.uuid(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** CSV of a channel's priced messages (signed-in partner users; another partner's channel is 404). */
export const GET = withErrorHandling("costs.export", async (request: Request) => {
  const caller = await getCaller();
  if (!caller) throw new AppError("unauthorized", "Sign in first.");
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
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
