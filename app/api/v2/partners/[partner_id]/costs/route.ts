import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { getCostReport } from "@/lib/costs/reports";

export const GET = withPartnerApiKey("v2.costs.get", async (request, { scope }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return NextResponse.json(await getCostReport(scope, { query: params }));
});
