import "server-only";
import type { Tx } from "@/db/client";
import type { ParsedChange } from "@/lib/meta/webhooks";
import type { ChannelRef } from "../channels";
import { handleAccountAlert, handleBusinessCapability } from "./channel-events";
import { handleTemplateCategory, handleTemplateQuality, handleTemplateStatus } from "./templates";

export { handleTemplateStatus };

type LifecycleField =
  | "message_template_quality_update"
  | "template_category_update"
  | "account_alerts"
  | "business_capability_update";

/**
 * The WABA-routed lifecycle fields (template quality and category, account alerts, business
 * capabilities), dispatched here so lib/ingest/process.ts needs one case for all of them.
 */
export async function handleLifecycleChange(
  tx: Tx,
  input: {
    channels: ChannelRef[];
    change: Extract<ParsedChange, { field: LifecycleField }>;
    occurredAt: Date;
    webhookEventId: string;
  },
) {
  const { change, ...rest } = input;
  switch (change.field) {
    case "message_template_quality_update":
      return handleTemplateQuality(tx, { ...rest, value: change.value });
    case "template_category_update":
      return handleTemplateCategory(tx, { ...rest, value: change.value });
    case "account_alerts":
      return handleAccountAlert(tx, { ...rest, value: change.value });
    case "business_capability_update":
      return handleBusinessCapability(tx, { ...rest, value: change.value });
  }
}
