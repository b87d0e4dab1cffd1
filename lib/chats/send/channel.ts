import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { channels } from "@/db/schema";
import { type Scope, tenantCondition } from "@/lib/auth/scope";
import { decryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type SendingChannel = {
  id: string;
  partnerId: string;
  clientId: string;
  wabaId: string;
  phoneNumberId: string;
  status: string;
  onboardedAt: Date | null;
  createdAt: Date;
  throughputCap: number;
  /** When the WABA's templates were last read from Meta (null: never, or a re-read is due). */
  templatesSyncedAt: Date | null;
  /** Why this channel cannot send now, or null. */
  cannotSend: string | null;
  /** The business token, decrypted; null when none is stored. Never log it. */
  token: string | null;
};

/** The channel a send goes through, scoped by partner (and client for client users): 404 else. */
export async function loadSendingChannel(
  scope: Scope,
  { channelId }: { channelId: string },
): Promise<SendingChannel> {
  const [row] = await getDb()
    .select()
    .from(channels)
    .where(and(tenantCondition(scope, channels), eq(channels.id, channelId)));
  if (!row) throw new AppError("not_found", "Channel not found.");
  const token = row.businessTokenEncrypted
    ? decryptSecret(row.businessTokenEncrypted, getEnv().encryptionKey)
    : null;
  const cannotSend =
    row.status !== "connected"
      ? `The channel is ${row.status}: it cannot send until it is connected again.`
      : token
        ? null
        : "The channel has no business token: the client must finish onboarding.";
  return {
    id: row.id,
    partnerId: row.partnerId,
    clientId: row.clientId,
    wabaId: row.wabaId,
    phoneNumberId: row.phoneNumberId,
    status: row.status,
    onboardedAt: row.onboardedAt,
    createdAt: row.createdAt,
    throughputCap: row.throughputCap,
    templatesSyncedAt: row.templatesSyncedAt,
    cannotSend,
    token,
  };
}
