/**
 * Sending from the hub and from partners' software (docs/chats-and-messaging-api.md, "Messaging API"): the one send path,
 * the composer's state, and the Cloud API body schema.
 */

export { adoptUnknownSends, type StatusSighting } from "./adopt";
export { estimateJson, messagingApiAnswer, messagingApiStatus } from "./api-shape";
export { takeSendToken } from "./bucket";
export { partnerCallbackData } from "./callback-data";
export { getComposerState } from "./composer";
export { IDEMPOTENCY_KEY_MAX } from "./idempotency";
export { normaliseWaId, type SendBody, type SendType, sendBodySchema } from "./schemas";
export { type SendChatMessageInput, sendChatMessage } from "./send";
export {
  buildTemplateMessage,
  type ListedTemplate,
  parameterId,
  renderTemplateText,
  templateParameters,
} from "./templates";
export type * from "./types";
export { getContactAddress } from "./window-lookup";
