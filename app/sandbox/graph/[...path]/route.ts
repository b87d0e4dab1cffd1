import { handleGraphRequest } from "@/lib/sandbox/graph";

// The Graph API look-alike; all logic lives in lib/sandbox/graph.ts (answers 404 when SANDBOX is off).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleGraphRequest(request);
export const POST = (request: Request) => handleGraphRequest(request);
export const DELETE = (request: Request) => handleGraphRequest(request);
