import { withErrorHandling } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getClientProgress } from "@/lib/onboarding/progress";

export const dynamic = "force-dynamic";

/**
 * The onboarding page's progress poll (lib/onboarding/query-options.ts). Public, like the page:
 * the client has no account, and the random session id is the only key to the session.
 */
export const GET = withErrorHandling(
  "onboard.progress",
  async (_request: Request, { params }: { params: Promise<{ sessionId: string }> }) => {
    const { sessionId } = await params;
    if (!isUuid(sessionId)) {
      throw new AppError(
        "bad_request",
        "This request is not valid. Open your onboarding link again, or ask for a new one.",
      );
    }
    const progress = await getClientProgress({ sessionId });
    return Response.json(progress, { headers: { "cache-control": "no-store" } });
  },
);
