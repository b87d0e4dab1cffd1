import { handleControlRequest } from "@/lib/sandbox/control";

// The sandbox control API; all logic lives in lib/sandbox/control.ts (404 when SANDBOX is off).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleControlRequest(request);
export const POST = (request: Request) => handleControlRequest(request);
export const PATCH = (request: Request) => handleControlRequest(request);
