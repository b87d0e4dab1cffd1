import { NextResponse } from "next/server";
import { pathId, withPartnerApiKey } from "@/lib/api/api-key-auth";
import { readJson } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { keyActor } from "@/lib/partners/actor";
import { updateClientBody } from "@/lib/partners/api-schemas";
import { toClientResource } from "@/lib/partners/api-shapes";
import { getClientById, updateClient } from "@/lib/partners/clients";

type Params = { partner_id: string; client_id: string };

export const GET = withPartnerApiKey<Params>(
  "v2.clients.get",
  async (_request, { scope, params }) => {
    const client = await getClientById(scope, { clientId: pathId(params.client_id, "Client") });
    if (!client) throw new AppError("not_found", "Client not found.");
    return NextResponse.json(toClientResource(client));
  },
);

export const PATCH = withPartnerApiKey<Params>(
  "v2.clients.update",
  async (request, { scope, params, key }) => {
    const clientId = pathId(params.client_id, "Client");
    const body = await readJson(request, updateClientBody);
    const client = await updateClient(scope, {
      clientId,
      changes: { partnerPayload: body.partner_payload, maxChannels: body.max_channels },
      actor: keyActor(key),
    });
    return NextResponse.json(toClientResource(client));
  },
);
