import { startOfSecond } from "date-fns";
import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { auditLog, channels, clients } from "@/db/schema";
import type { OnboardingSession } from "@/db/schema/onboarding";
import { AppError } from "@/lib/errors";
import { ALREADY_CONNECTED_MESSAGE } from "./failures";
import type { PhoneNumberDetails } from "./graph-port";
import { freshSyncFacts } from "./sync-state";

export type AttachedChannel = {
  clientId: string;
  channelId: string;
  reconnected: boolean;
  clientCreated: boolean;
};

/**
 * Creates the client (found by partner_payload, else email) and the channel, or re-attaches the
 * channel when the same number comes back after an offboarding. One transaction; the unique
 * phone_number_id is the guard against two concurrent finishes creating two channels.
 */
export async function attachChannel({
  session,
  number,
  businessTokenEncrypted,
  now,
}: {
  session: OnboardingSession;
  number: PhoneNumberDetails;
  businessTokenEncrypted: string;
  now: Date;
}): Promise<AttachedChannel> {
  const partnerId = session.partnerId;
  return getDb().transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(channels)
      .where(eq(channels.phoneNumberId, number.id))
      .limit(1);
    if (existing && existing.partnerId !== partnerId) {
      throw new AppError("conflict", ALREADY_CONNECTED_MESSAGE);
    }

    const connected = {
      wabaId: session.wabaId!,
      businessId: session.businessId,
      displayPhoneNumber: number.displayPhoneNumber.replace(/\D/g, ""),
      verifiedName: number.verifiedName,
      countryCode: session.country,
      status: "connected" as const,
      coexistence: number.isOnBizApp ?? true,
      qualityRating: number.qualityRating,
      // Re-onboarding restarts the 24-hour sync window. Whole seconds, like Meta's webhook
      // timestamps: a customer writing in the onboarding second opens a window.
      onboardedAt: startOfSecond(now),
      // Unknown until the app is seen (an echo or a contact change): onboarding is not app use.
      lastAppActivityAt: null,
      businessTokenEncrypted,
      disconnectReason: null,
    };

    if (existing?.syncSessionId === session.id) {
      // A retry of this session's own step (the announce after it failed): the channel is
      // already this onboarding's; its onboarding time and syncs stay as they are.
      return {
        clientId: existing.clientId,
        channelId: existing.id,
        reconnected: true,
        clientCreated: false,
      };
    }

    if (existing) {
      // A new onboarding of the number: a new sync generation, so its history chunks and decline
      // are recorded apart from the earlier onboarding's (they reuse phase and chunk_order).
      await tx
        .update(channels)
        .set({
          ...connected,
          ...freshSyncFacts,
          syncSessionId: session.id,
          syncGeneration: sql`${channels.syncGeneration} + 1`,
        })
        .where(eq(channels.id, existing.id));
      await tx.insert(auditLog).values({
        partnerId,
        actorType: "system",
        action: "channel.reconnected",
        targetType: "channel",
        targetId: existing.id,
        before: { status: existing.status, disconnectReason: existing.disconnectReason },
        after: { status: "connected", onboardingSessionId: session.id },
      });
      return {
        clientId: existing.clientId,
        channelId: existing.id,
        reconnected: true,
        clientCreated: false,
      };
    }

    const clientMatch = session.partnerPayload
      ? eq(clients.partnerPayload, session.partnerPayload)
      : session.email
        ? eq(clients.email, session.email)
        : undefined;
    const [foundClient] = clientMatch
      ? await tx
          .select({ id: clients.id })
          .from(clients)
          .where(and(eq(clients.partnerId, partnerId), clientMatch))
          .limit(1)
          // Held to the commit: two finishes for one client count its channels one after the other.
          .for("update")
      : [];
    let clientId = foundClient?.id;
    if (clientId) await assertRoomForAnotherChannel(tx, clientId);
    const clientCreated = !clientId;
    if (!clientId) {
      const [created] = await tx
        .insert(clients)
        .values({
          partnerId,
          name: session.name ?? number.verifiedName ?? `+${connected.displayPhoneNumber}`,
          email: session.email,
          partnerPayload: session.partnerPayload,
        })
        .returning({ id: clients.id });
      clientId = created!.id;
      await tx.insert(auditLog).values({
        partnerId,
        actorType: "system",
        action: "client.created",
        targetType: "client",
        targetId: clientId,
        after: { onboardingSessionId: session.id, partnerPayload: session.partnerPayload },
      });
    }

    const [channel] = await tx
      .insert(channels)
      .values({
        partnerId,
        clientId,
        phoneNumberId: number.id,
        syncSessionId: session.id,
        ...connected,
      })
      .returning({ id: channels.id });
    await tx.insert(auditLog).values({
      partnerId,
      actorType: "system",
      action: "channel.created",
      targetType: "channel",
      targetId: channel!.id,
      after: {
        phoneNumberId: number.id,
        displayPhoneNumber: connected.displayPhoneNumber,
        onboardingSessionId: session.id,
      },
    });
    return { clientId, channelId: channel!.id, reconnected: false, clientCreated };
  });
}

/**
 * A client connects at most `max_channels` numbers (the partner sets it; a number coming back is
 * re-attached above, never counted twice). Checked here, where the channel is created, whichever
 * link started the onboarding (the partner's or the client's own).
 */
async function assertRoomForAnotherChannel(tx: Tx, clientId: string) {
  const [row] = await tx
    .select({ maxChannels: clients.maxChannels, channels: count(channels.id) })
    .from(clients)
    .leftJoin(channels, eq(channels.clientId, clients.id))
    .where(eq(clients.id, clientId))
    .groupBy(clients.maxChannels);
  if (row && row.channels >= row.maxChannels) {
    throw new AppError(
      "conflict",
      `This business already has ${row.channels} WhatsApp number${row.channels === 1 ? "" : "s"} connected, the most its provider allows. Ask them to raise the limit, then connect this number again.`,
    );
  }
}
