import { handleMediaDownload } from "@/lib/sandbox/lookaside";

// Meta's media CDN look-alike (lookaside.fbsbx.com); logic in lib/sandbox/lookaside.ts (404 when SANDBOX is off).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleMediaDownload(request);
