import { z } from "zod";

/**
 * Meta's WhatsApp Business Account webhook payloads, as zod schemas. Shared by the ingestion
 * route (parsing what Meta sends), the sandbox (emitting the same shapes) and the contract tests.
 *
 * Objects are loose: Meta adds fields without notice, and an unknown field must not make a
 * payload unparseable. Only what the hub reads is typed.
 * Source: developers.facebook.com/docs/whatsapp/cloud-api/webhooks/reference (see
 * docs in ../shared/spec/coexistence.md §2).
 */

/** Meta sends unix seconds as strings (sometimes numbers, e.g. entry.time). */
export const unixSeconds = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((value) => Number(value));

export const metaErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
export type MetaWebhookError = z.infer<typeof metaErrorSchema>;

export const phoneMetadataSchema = z.looseObject({
  display_phone_number: z.string(),
  phone_number_id: z.string(),
});

const mediaSchema = z.looseObject({
  id: z.string().optional(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  url: z.string().optional(),
  animated: z.boolean().optional(),
  voice: z.boolean().optional(),
});

export const mediaTypes = ["image", "video", "audio", "document", "sticker"] as const;
export type MediaType = (typeof mediaTypes)[number];

/** The content part every message shape shares (customer, echo, history, media follow-up). */
const messageContentShape = {
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string(), preview_url: z.boolean().optional() }).optional(),
  image: mediaSchema.optional(),
  video: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(z.looseObject({})).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z
        .looseObject({ id: z.string(), title: z.string(), description: z.string().optional() })
        .optional(),
      nfm_reply: z
        .looseObject({
          name: z.string().optional(),
          body: z.string().optional(),
          response_json: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  order: z.looseObject({}).optional(),
  system: z.looseObject({ body: z.string().optional(), type: z.string().optional() }).optional(),
  // Echoes of templates sent from a companion are shaped like a send request.
  template: z.looseObject({ name: z.string().optional() }).optional(),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  // Click-to-WhatsApp ad or Page CTA: opens the 72-hour free entry point window.
  referral: z
    .looseObject({
      source_url: z.string().optional(),
      source_id: z.string().optional(),
      source_type: z.string().optional(),
      headline: z.string().optional(),
      body: z.string().optional(),
      ctwa_clid: z.string().optional(),
    })
    .optional(),
  edit: z
    .looseObject({ original_message_id: z.string(), message: z.looseObject({}).optional() })
    .optional(),
  revoke: z.looseObject({ original_message_id: z.string() }).optional(),
  // e.g. `unsupported` with 131060 on a coexistence number: look in the app.
  errors: z.array(metaErrorSchema).optional(),
};

/**
 * Business-scoped user ids (BSUIDs, 2026): Meta names a customer by `user_id` (and a parent
 * BSUID when enabled) beside the phone number, or instead of it when the customer has a username
 * that hides the number. Each payload spells them its own way (`from_user_id`, `to_user_id`,
 * `recipient_user_id`); every number field beside them may therefore be missing.
 */
const bsuid = z.string().min(1);

/** A customer's identity needs a number or a BSUID: one without both cannot be filed. */
const namesCustomer =
  (phone: string, userId: string) =>
  (item: Record<string, unknown>): boolean =>
    Boolean(item[phone] || item[userId]);

/** A message a customer sent (field `messages`). */
export const inboundMessageSchema = z
  .looseObject({
    from: z.string().optional(),
    from_user_id: bsuid.optional(),
    from_parent_user_id: bsuid.optional(),
    ...messageContentShape,
  })
  .refine(namesCustomer("from", "from_user_id"), "names no sender (from or from_user_id)");
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const pricingSchema = z.looseObject({
  billable: z.boolean().optional(),
  pricing_model: z.string(), // CBP | PMP
  type: z.string().optional(), // regular | free_customer_service | free_entry_point
  category: z.string(), // marketing | utility | authentication | service | ...
});
export type MetaPricing = z.infer<typeof pricingSchema>;

export const messageStatuses = ["sent", "delivered", "read", "played", "failed"] as const;
export type MessageStatusName = (typeof messageStatuses)[number];

export const statusSchema = z
  .looseObject({
    id: z.string().min(1),
    status: z.enum(messageStatuses),
    timestamp: unixSeconds,
    recipient_id: z.string().optional(),
    recipient_user_id: bsuid.optional(),
    recipient_parent_user_id: bsuid.optional(),
    recipient_type: z.string().optional(),
    conversation: z
      .looseObject({
        id: z.string(),
        expiration_timestamp: unixSeconds.optional(),
        origin: z.looseObject({ type: z.string() }).optional(),
      })
      .optional(),
    pricing: pricingSchema.optional(),
    errors: z.array(metaErrorSchema).optional(),
    biz_opaque_callback_data: z.string().optional(),
  })
  .refine(
    namesCustomer("recipient_id", "recipient_user_id"),
    "names no recipient (recipient_id or recipient_user_id)",
  );
export type MessageStatusUpdate = z.infer<typeof statusSchema>;

export const messagesValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: phoneMetadataSchema,
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        user_id: bsuid.optional(),
        parent_user_id: bsuid.optional(),
        profile: z
          .looseObject({ name: z.string().optional(), username: z.string().optional() })
          .optional(),
      }),
    )
    .optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(metaErrorSchema).optional(),
});
export type MessagesValue = z.infer<typeof messagesValueSchema>;

/** What the business sent from the app or a supported companion (field `smb_message_echoes`). */
export const echoMessageSchema = z
  .looseObject({
    from: z.string(),
    to: z.string().optional(),
    to_user_id: bsuid.optional(),
    to_parent_user_id: bsuid.optional(),
    ...messageContentShape,
  })
  .refine(namesCustomer("to", "to_user_id"), "names no recipient (to or to_user_id)");
export type EchoMessage = z.infer<typeof echoMessageSchema>;

export const echoesValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: phoneMetadataSchema,
  message_echoes: z.array(echoMessageSchema),
});
export type EchoesValue = z.infer<typeof echoesValueSchema>;

export const historyStatuses = ["SENT", "DELIVERED", "READ", "PLAYED", "PENDING", "ERROR"] as const;

export const historyMessageSchema = z.looseObject({
  // The business number on its own messages; absent for a username-only customer's.
  from: z.string().optional(),
  from_user_id: bsuid.optional(),
  // Present only on business-sent messages.
  to: z.string().optional(),
  to_user_id: bsuid.optional(),
  ...messageContentShape,
  history_context: z.looseObject({ status: z.string() }).optional(),
});
export type HistoryMessage = z.infer<typeof historyMessageSchema>;

export const historyChunkSchema = z.looseObject({
  metadata: z
    .looseObject({
      phase: z.number().int().min(0).max(2),
      chunk_order: z.number().int().nonnegative(),
      progress: z.number().min(0).max(100),
    })
    .optional(),
  threads: z
    .array(
      z.looseObject({
        // The customer's number; a username-only customer's thread names them in context.
        id: z.string().optional(),
        context: z
          .looseObject({
            wa_id: z.string().optional(),
            user_id: bsuid.optional(),
            parent_user_id: bsuid.optional(),
            username: z.string().optional(),
          })
          .optional(),
        messages: z.array(historyMessageSchema),
      }),
    )
    .optional(),
  // 2593109: the business chose not to share chat history.
  errors: z.array(metaErrorSchema).optional(),
});
export type HistoryChunk = z.infer<typeof historyChunkSchema>;

export const historyValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: phoneMetadataSchema,
  history: z.array(historyChunkSchema).optional(),
  // The media follow-up for recent media placeholders: NOT live traffic.
  messages: z.array(historyMessageSchema).optional(),
  // Declined history has been seen without the `history[]` envelope.
  errors: z.array(metaErrorSchema).optional(),
});
export type HistoryValue = z.infer<typeof historyValueSchema>;

export const HISTORY_DECLINED_CODE = 2593109;

export const stateSyncValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: phoneMetadataSchema,
  state_sync: z.array(
    z.looseObject({
      type: z.string(), // "contact"
      contact: z
        .looseObject({
          phone_number: z.string().optional(),
          user_id: bsuid.optional(),
          full_name: z.string().optional(),
          first_name: z.string().optional(),
        })
        .optional(),
      action: z.string(), // add (also edit) | remove
      metadata: z.looseObject({ timestamp: unixSeconds }).optional(),
    }),
  ),
});
export type StateSyncValue = z.infer<typeof stateSyncValueSchema>;

export const disconnectionReasons = [
  "PRIMARY_INACTIVITY",
  "COMPANION_INACTIVITY",
  "USER_RE_REGISTERED",
  "CHANGE_NUMBER",
  "BUSINESS_DOWNGRADE",
  "ACCOUNT_DISCONNECTED",
] as const;

/** Routed by the WABA (`entry[].id`): there is no phone metadata on account updates. */
export const accountUpdateValueSchema = z.looseObject({
  event: z.string(),
  phone_number: z.string().optional(),
  disconnection_info: z
    .looseObject({ reason: z.string().optional(), initiated_by: z.string().optional() })
    .optional(),
  waba_info: z
    .looseObject({ waba_id: z.string().optional(), owner_business_id: z.string().optional() })
    .optional(),
});
export type AccountUpdateValue = z.infer<typeof accountUpdateValueSchema>;

/** Meta's template id arrives as a number in some payloads and a string in others. */
const templateId = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * `message_template_status_update`: APPROVED, REJECTED, PENDING, PAUSED, DISABLED, FLAGGED,
 * IN_APPEAL, REINSTATED, PENDING_DELETION, DELETED, LIMIT_EXCEEDED... (kept raw).
 */
export const templateStatusValueSchema = z.looseObject({
  event: z.string(),
  message_template_id: templateId.optional(),
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  message_template_category: z.string().optional(),
  reason: z.string().nullable().optional(),
  // PAUSED carries a title and description of why (e.g. low quality, the first or second pause).
  other_info: z
    .looseObject({ title: z.string().optional(), description: z.string().optional() })
    .optional(),
});
export type TemplateStatusValue = z.infer<typeof templateStatusValueSchema>;

/** `message_template_quality_update`: GREEN | YELLOW | RED | UNKNOWN (kept raw). */
export const templateQualityValueSchema = z.looseObject({
  previous_quality_score: z.string().optional(),
  new_quality_score: z.string(),
  message_template_id: templateId.optional(),
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
});
export type TemplateQualityValue = z.infer<typeof templateQualityValueSchema>;

/** `template_category_update`: Meta re-categorised a template (e.g. UTILITY to MARKETING). */
export const templateCategoryValueSchema = z.looseObject({
  message_template_id: templateId.optional(),
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  previous_category: z.string().optional(),
  new_category: z.string().optional(),
  // Announced ahead of the change: the category Meta will apply.
  correct_category: z.string().optional(),
});
export type TemplateCategoryValue = z.infer<typeof templateCategoryValueSchema>;

/**
 * `phone_number_quality_update`, in every shape Meta has used. Today's reference: events
 * ONBOARDING, THROUGHPUT_UPGRADE with `max_daily_conversations_per_business` (the portfolio's
 * limit; `current_limit` is being removed). The older one BSPs still document: FLAGGED,
 * UNFLAGGED, UPGRADE, DOWNGRADE with `current_limit` / `old_limit`. Some carried the rating as
 * `new_quality_score` or `quality_rating`. Every event is kept, known or not.
 */
export const qualityUpdateValueSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  event: z.string().optional(),
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
  max_daily_conversations_per_business: z.union([z.string(), z.number()]).optional(),
  new_quality_score: z.string().optional(),
  quality_rating: z.string().optional(),
});
export type QualityUpdateValue = z.infer<typeof qualityUpdateValueSchema>;

/** `account_alerts`: Meta's alerts about the WABA or a number (severity, type, description). */
export const accountAlertsValueSchema = z.looseObject({
  entity_type: z.string().optional(),
  entity_id: z.union([z.string(), z.number()]).optional(),
  alert_info: z
    .looseObject({
      alert_severity: z.string().optional(),
      alert_status: z.string().optional(),
      alert_type: z.string().optional(),
      alert_description: z.string().optional(),
    })
    .optional(),
});
export type AccountAlertsValue = z.infer<typeof accountAlertsValueSchema>;

/** `business_capability_update`: the portfolio's limits changed. */
export const businessCapabilityValueSchema = z.looseObject({
  max_daily_conversation_per_phone: z.union([z.string(), z.number()]).optional(),
  max_daily_conversations_per_business: z.union([z.string(), z.number()]).optional(),
  max_phone_numbers_per_business: z.union([z.string(), z.number()]).optional(),
  max_phone_numbers_per_waba: z.union([z.string(), z.number()]).optional(),
});
export type BusinessCapabilityValue = z.infer<typeof businessCapabilityValueSchema>;

export const nameUpdateValueSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  decision: z.string().optional(),
  requested_verified_name: z.string().optional(),
  rejection_reason: z.string().nullable().optional(),
});

/**
 * `user_id_update`: a customer's BSUID changed (a new phone number gives a new one). Meta's first
 * documented shape nests `detail.previous` / `detail.current`; flat `previous_user_id` /
 * `user_id` have been seen too. Since August 2026 Meta also says it as a `system` message
 * (`user_changed_user_id`, `user_changed_number`) in field `messages`.
 */
const userIdPair = z.looseObject({ user_id: bsuid.optional(), parent_user_id: bsuid.optional() });
export const userIdUpdateValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: phoneMetadataSchema.optional(),
  user_id_update: z.array(
    z.looseObject({
      wa_id: z.string().optional(),
      previous_user_id: bsuid.optional(),
      user_id: bsuid.optional(),
      detail: z
        .looseObject({ previous: userIdPair.optional(), current: userIdPair.optional() })
        .optional(),
      timestamp: unixSeconds.optional(),
    }),
  ),
});
export type UserIdUpdateValue = z.infer<typeof userIdUpdateValueSchema>;

/** `user_preferences`: a customer stopped or resumed marketing messages (kept as an event). */
export const userPreferencesValueSchema = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: phoneMetadataSchema.optional(),
  contacts: messagesValueSchema.shape.contacts,
  user_preferences: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        user_id: bsuid.optional(),
        category: z.string().optional(),
        value: z.string().optional(),
        detail: z.string().optional(),
        timestamp: unixSeconds.optional(),
      }),
    )
    .optional(),
});
export type UserPreferencesValue = z.infer<typeof userPreferencesValueSchema>;

/** The fields the hub understands, with the schema of each change's `value`. */
export const changeValueSchemas = {
  messages: messagesValueSchema,
  smb_message_echoes: echoesValueSchema,
  history: historyValueSchema,
  smb_app_state_sync: stateSyncValueSchema,
  account_update: accountUpdateValueSchema,
  message_template_status_update: templateStatusValueSchema,
  message_template_quality_update: templateQualityValueSchema,
  template_category_update: templateCategoryValueSchema,
  phone_number_quality_update: qualityUpdateValueSchema,
  phone_number_name_update: nameUpdateValueSchema,
  account_alerts: accountAlertsValueSchema,
  business_capability_update: businessCapabilityValueSchema,
  user_id_update: userIdUpdateValueSchema,
  user_preferences: userPreferencesValueSchema,
} as const;
export type KnownField = keyof typeof changeValueSchemas;
export const knownFields = Object.keys(changeValueSchemas) as KnownField[];

/** The fields a partner's app must subscribe a coexistence WABA to. */
export const coexistenceSubscribedFields = [
  "messages",
  "account_update",
  "history",
  "smb_app_state_sync",
  "smb_message_echoes",
] as const satisfies readonly KnownField[];

export const webhookEnvelopeSchema = z.looseObject({
  object: z.string(), // "whatsapp_business_account"
  entry: z.array(
    z.looseObject({
      id: z.string(), // the WABA id
      time: unixSeconds.optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

export type ParsedChange = {
  [F in KnownField]: { field: F; value: z.infer<(typeof changeValueSchemas)[F]> };
}[KnownField];

export type ChangeParseResult =
  | { ok: true; change: ParsedChange }
  | { ok: false; reason: "unknown_field"; field: string }
  | { ok: false; reason: "invalid"; field: string; issues: string[] };

export function isKnownField(field: string): field is KnownField {
  return Object.hasOwn(changeValueSchemas, field);
}

/** Parses one change's value by its field. Unknown fields and invalid shapes are reported, not thrown. */
export function parseChange(field: string, value: unknown): ChangeParseResult {
  if (!isKnownField(field)) return { ok: false, reason: "unknown_field", field };
  const parsed = changeValueSchemas[field].safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "invalid",
      field,
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  return { ok: true, change: { field, value: parsed.data } as ParsedChange };
}
