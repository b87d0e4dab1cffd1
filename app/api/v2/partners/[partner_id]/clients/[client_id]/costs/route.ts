import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { getCostReport } from "@/lib/costs/reports";

type Params = { partner_id: string; client_id: string };

/** The client's costs (all its channels) per UTC day or month. */
export const GET = withPartnerApiKey<Params>(
  "v2.clients.costs",
  async (request, { scope, params }) => {
    const clientId = pathId(params.client_id, "Client");
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await getCostReport(scope, { query, path: { clientId } }));
  },
);
