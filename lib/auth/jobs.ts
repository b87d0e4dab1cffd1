import "server-only";
import { lt } from "drizzle-orm";
import { getDb } from "@/db";
import { passwordTokens } from "@/db/schema";
import { registerPeriodicJob } from "@/lib/jobs/runner";
import { deleteExpiredRateLimitCounters } from "./rate-limit";
import { deleteDeadUserSessions } from "./sessions";

/** Old limiter windows, revoked sessions and long-expired set-password links go away. */
registerPeriodicJob({
  name: "auth.cleanup",
  intervalMs: 10 * 60_000,
  run: async () => {
    await deleteExpiredRateLimitCounters();
    await deleteDeadUserSessions();
    // Kept a while after expiry so an old link still says "expired" rather than "not valid".
    const cutoff = new Date(Date.now() - 30 * 24 * 60 * 60_000);
    await getDb().delete(passwordTokens).where(lt(passwordTokens.expiresAt, cutoff));
  },
});
