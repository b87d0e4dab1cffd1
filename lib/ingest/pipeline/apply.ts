import "server-only";
import type { Tx } from "@/db/client";
import type { KnownField, ParsedChange } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import {
  handleAccountUpdate,
  handleNameUpdate,
  handleQualityUpdate,
} from "../handlers/channel-events";
import { collectEchoes } from "../handlers/echoes";
import { collectHistory } from "../handlers/history";
import { handleLifecycleChange, handleTemplateStatus } from "../handlers/lifecycle";
import { collectMessages } from "../handlers/messages";
import { collectStateSync } from "../handlers/state-sync";
import { collectUserIdUpdates, collectUserPreferences } from "../handlers/user-ids";
import type { ChannelWamids } from "../write";
import { BatchWrites } from "./batch-writes";

/** A change ready to apply: parsed, routed to its channels. */
export type RoutedChange = {
  webhookEventId: string;
  receivedAt: Date;
  occurredAt: Date;
  change: ParsedChange;
  targets: ChannelRef[];
};

/**
 * Applies changes inside the caller's transaction: lifecycle fields (rare) one by one, the
 * chat fields gathered into one BatchWrites and written set-based at the end.
 */
export async function applyChanges(tx: Tx, changes: RoutedChange[]): Promise<ChannelWamids[]> {
  const writes = new BatchWrites();
  for (const { change, targets, webhookEventId, receivedAt, occurredAt } of changes) {
    const channel = targets[0]!;
    const base = { webhookEventId, channels: targets, occurredAt };
    switch (change.field) {
      case "messages":
        collectMessages(writes, { channel, value: change.value, webhookEventId, receivedAt });
        break;
      case "smb_message_echoes":
        collectEchoes(writes, { channel, value: change.value, receivedAt });
        break;
      case "history":
        await collectHistory(tx, writes, {
          channel,
          value: change.value,
          webhookEventId,
          receivedAt,
        });
        break;
      case "smb_app_state_sync":
        collectStateSync(writes, { channel, value: change.value, receivedAt });
        break;
      case "account_update":
        await handleAccountUpdate(tx, { ...base, value: change.value });
        break;
      case "phone_number_quality_update":
        await handleQualityUpdate(tx, { ...base, value: change.value });
        break;
      case "phone_number_name_update":
        await handleNameUpdate(tx, { ...base, value: change.value });
        break;
      case "message_template_status_update":
        await handleTemplateStatus(tx, { ...base, value: change.value });
        break;
      case "message_template_quality_update":
      case "template_category_update":
      case "account_alerts":
      case "business_capability_update":
        await handleLifecycleChange(tx, { ...base, change });
        break;
      case "user_id_update":
        collectUserIdUpdates(writes, { channels: targets, value: change.value, receivedAt });
        break;
      case "user_preferences":
        collectUserPreferences(writes, { channels: targets, value: change.value });
        break;
      default:
        assertNever(change);
    }
  }
  return writes.isEmpty ? [] : writes.flush(tx);
}

function assertNever(change: never): never {
  throw new Error(`no handler for ${(change as { field: KnownField }).field}`);
}
