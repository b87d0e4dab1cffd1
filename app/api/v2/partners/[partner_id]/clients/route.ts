import { NextResponse } from "next/server";
import { withPartnerApiKey } from "@/lib/api/api-key-auth";
import { clientListSpec } from "@/lib/partners/api-schemas";
import { toClientResource } from "@/lib/partners/api-shapes";
import { listClients } from "@/lib/partners/clients";
import { listEnvelope, parseListQuery } from "@/lib/partners/list-query";

export const GET = withPartnerApiKey("v2.clients.list", async (request, { scope }) => {
  const query = parseListQuery(clientListSpec, new URL(request.url).searchParams);
  const { clients, total } = await listClients(scope, { query });
  return NextResponse.json(listEnvelope("clients", query, clients.map(toClientResource), total));
});
