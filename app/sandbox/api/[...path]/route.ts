import { handleControlRequest } from "@/lib/sandbox/control/router";

// The sandbox control API; all logic lives in lib/sandbox/control/ (router.ts and its route tables) (404 when SANDBOX is off).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleControlRequest(request);
export const POST = (request: Request) => handleControlRequest(request);
export const PATCH = (request: Request) => handleControlRequest(request);
