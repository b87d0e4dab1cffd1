import { handleSdkRequest } from "@/lib/sandbox/sdk";

// Meta's JS SDK look-alike for Embedded Signup (404 when SANDBOX is off).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleSdkRequest(request);
