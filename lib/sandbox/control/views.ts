import "server-only";
import type { SandboxNumber } from "@/db/schema";
import { getEnv } from "@/lib/env";
import type { CustomerListing } from "../customers";
import { customerLabel } from "../parties";

/** The JSON the control API answers for a number and a customer (snake_case, as Meta's). */

export function numberView(number: SandboxNumber) {
  return {
    phone_number_id: number.phoneNumberId,
    waba_id: number.wabaId,
    business_id: number.businessId,
    business_name: number.businessName,
    display_phone_number: number.displayPhoneNumber,
    country: number.countryCode,
    verified_name: number.verifiedName,
    status: number.status,
    eligible: number.eligible,
    share_history: number.shareHistory,
    history_days: number.historyDays,
    history_messages_per_day: number.historyMessagesPerDay,
    history_chunk_size: number.historyChunkSize,
    onboarded_at: number.onboardedAt?.toISOString() ?? null,
    last_app_activity_at: number.lastAppActivityAt?.toISOString() ?? null,
    subscribed: number.subscribed,
    webhook_url: number.webhookUrl ?? getEnv().sandboxWebhookUrl,
    faults: number.faults,
    auto_read: number.autoRead,
    parent_bsuids: number.parentBsuids,
  };
}

export function customerView(who: CustomerListing) {
  return {
    wa_id: who.waId,
    user_id: who.userId,
    parent_user_id: who.parentUserId ?? null,
    username: who.username ?? null,
    hide_number: who.hideNumber,
    name: who.name ?? null,
    address_book_name: who.addressBookName ?? null,
    label: customerLabel(who),
  };
}
