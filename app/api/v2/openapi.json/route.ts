import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/partners/openapi";

/** Public on purpose: the contract is documentation, not data. */
export function GET() {
  return NextResponse.json(buildOpenApiDocument({ serverUrl: getEnv().appUrl }));
}
