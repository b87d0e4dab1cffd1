import "server-only";
import { readSessionHistory, type SessionHistory } from "./history-read";
import { buildPartnerRedirect } from "./links";
import { getOnboardingSession } from "./sessions";
import { stepProgress } from "./steps";

export type ClientProgress = {
  status: string;
  steps: ReturnType<typeof stepProgress>;
  error: string | null;
  errorReference: { errorId: string | null; metaSessionId: string | null } | null;
  /** The partner's redirect URL with client, channels and state, once the channel exists. */
  redirectTo: string | null;
  /** The history import once connected; null before, and once the page's time is over. */
  history: SessionHistory | null;
};

/** What the client's page shows while the server steps run (public: the session id is the key). */
export async function getClientProgress({
  sessionId,
  now = new Date(),
}: {
  sessionId: string;
  now?: Date;
}): Promise<ClientProgress> {
  const session = await getOnboardingSession({ sessionId });
  const redirectTo =
    session.status === "completed" && session.redirectUrl && session.clientId && session.channelId
      ? buildPartnerRedirect({
          redirectUrl: session.redirectUrl,
          clientId: session.clientId,
          channelIds: [session.channelId],
          state: session.state,
        })
      : null;
  return {
    status: session.status,
    steps: stepProgress(session.steps),
    error: session.errorMessage,
    errorReference:
      session.errorId || session.metaSessionId
        ? { errorId: session.errorId, metaSessionId: session.metaSessionId }
        : null,
    redirectTo,
    history: await readSessionHistory({ session, now }),
  };
}
