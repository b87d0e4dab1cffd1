import { z } from "zod";

/**
 * Meta's Graph API error body: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
 * Loose: Meta adds `error_user_title`, `error_user_msg`, `error_data`, `is_transient`...
 */
export const graphErrorBodySchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    fbtrace_id: z.string().optional(),
    error_data: z.unknown().optional(),
    // Meta's words for a person (template refusals carry them): shown as they are.
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
  }),
});

/** What went wrong, by cause: Meta answered with an error, or we never got a usable answer. */
export type MetaApiErrorKind = "meta" | "timeout" | "network" | "invalid_response";

/** Meta's error codes the hub acts on (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
export const META_ERROR = {
  invalidParameter: 100,
  /** With code 100: the object does not exist or the token cannot see it. */
  subcodeObjectNotFound: 33,
  /** With code 100 on oauth/access_token: the authorization code expired / was used. */
  subcodeCodeExpired: 36007,
  subcodeCodeUsed: 36009,
  accessTokenInvalid: 190,
  permissionDenied: 10,
  permissionMissing: 200,
  rateLimited: 4,
  outsideServiceWindow: 131047,
  throughputExceeded: 130429,
  coexistenceUnsupported: 131060,
  templateMissing: 132001,
  templatePaused: 132015,
  templateDisabled: 132016,
  /** With code 100 on message_templates: this name already has content in this language. */
  subcodeTemplateExists: 2388024,
  /** With code 100 on an edit: Meta does not allow editing the template in its status. */
  subcodeTemplateNotEditable: 2388025,
  historyDeclined: 2593109,
} as const;

/** The media calls, whose "not found" means something else than a wrong WABA or number id. */
export const MEDIA_OPERATIONS = ["getMediaUrl", "downloadMedia"] as const;

export const MEDIA_GONE_HINT =
  "Meta no longer has this media, or never had it: WhatsApp keeps media for 30 days after the message, and only the business token of the number that got it can read it.";

/** A sentence an admin can act on, for the codes that matter; undefined when we have nothing better than Meta's message. */
export function hintFor(
  code: number | undefined,
  subcode?: number,
  operation?: string,
): string | undefined {
  if (code === META_ERROR.invalidParameter && subcode === META_ERROR.subcodeTemplateExists) {
    return "A template with this name already exists in this language: choose another name, or edit the existing one.";
  }
  if (code === META_ERROR.invalidParameter && subcode === META_ERROR.subcodeTemplateNotEditable) {
    return "Meta does not allow editing this template now: only approved, rejected or paused templates can be edited, an approved one once a day.";
  }
  if (code === META_ERROR.invalidParameter && subcode === META_ERROR.subcodeObjectNotFound) {
    if ((MEDIA_OPERATIONS as readonly (string | undefined)[]).includes(operation)) {
      return MEDIA_GONE_HINT;
    }
    return "Meta does not know this id, or the business token cannot see it: check the WABA or phone number id.";
  }
  if (
    code === META_ERROR.invalidParameter &&
    (subcode === META_ERROR.subcodeCodeExpired || subcode === META_ERROR.subcodeCodeUsed)
  ) {
    return "The signup code works once and for 30 seconds only: ask the client to run Embedded Signup again.";
  }
  switch (code) {
    case META_ERROR.accessTokenInvalid:
      return "The business token is invalid or expired: the client must onboard again.";
    case META_ERROR.permissionDenied:
    case META_ERROR.permissionMissing:
      return "The app lacks a permission on this WhatsApp Business Account (whatsapp_business_management / whatsapp_business_messaging).";
    case META_ERROR.rateLimited:
      return "Meta is rate-limiting this app: wait and try again.";
    case META_ERROR.outsideServiceWindow:
      return "More than 24 hours since the customer last wrote: only a template can be sent now.";
    case META_ERROR.throughputExceeded:
      return "A coexistence number sends at most 20 messages per second: slow down and retry.";
    case META_ERROR.coexistenceUnsupported:
      return "Meta could not deliver this through the API on a coexistence number: look in the WhatsApp Business app.";
    case META_ERROR.templateMissing:
      return "No approved template with this name and language on this WABA.";
    case META_ERROR.templatePaused:
      return "Meta paused this template for low quality: it cannot be sent until Meta unpauses it (after 3 or 6 hours) or it is edited.";
    case META_ERROR.templateDisabled:
      return "Meta disabled this template for repeated low quality: create a new one.";
    default:
      return undefined;
  }
}

/**
 * Any failed Graph call. Carries Meta's fields when Meta answered. Its message never contains a
 * token, a code or the app secret: only the operation, Meta's message and the ids Meta gave.
 */
export class MetaApiError extends Error {
  readonly kind: MetaApiErrorKind;
  /** The operation, e.g. `sendMessage` (never the URL: its query may hold secrets). */
  readonly operation: string;
  readonly status?: number;
  readonly code?: number;
  readonly errorSubcode?: number;
  readonly type?: string;
  readonly fbtraceId?: string;
  readonly metaMessage?: string;
  /** Meta's `error_user_msg`: words for a person (template refusals say what to change). */
  readonly userMessage?: string;
  readonly hint?: string;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts: number;
  /**
   * Worth trying again later (a job, not this request): no answer, 5xx, 429, Meta's rate limits
   * and throughput. A used or expired code, a closed window or a bad id are not.
   */
  readonly retryable: boolean;
  /** A connection error proving the request never reached Meta (refused, DNS): nothing happened. */
  readonly notReached: boolean;

  constructor(init: {
    kind: MetaApiErrorKind;
    operation: string;
    status?: number;
    code?: number;
    errorSubcode?: number;
    type?: string;
    fbtraceId?: string;
    metaMessage?: string;
    userMessage?: string;
    attempts: number;
    detail?: string;
    /** Overrides the hint worked out from Meta's code (e.g. a CDN's bare 404 on a media link). */
    hint?: string;
    notReached?: boolean;
  }) {
    const hint =
      init.hint ??
      (init.kind === "meta" ? hintFor(init.code, init.errorSubcode, init.operation) : undefined);
    const what =
      init.kind === "meta"
        ? `Meta error ${init.code}${init.errorSubcode ? `/${init.errorSubcode}` : ""}: ${init.metaMessage ?? "no message"}`
        : init.kind === "timeout"
          ? "Meta did not answer in time"
          : init.kind === "network"
            ? `could not reach Meta${init.detail ? ` (${init.detail})` : ""}`
            : `unexpected answer from Meta${init.detail ? ` (${init.detail})` : ""}`;
    super(`${init.operation}: ${what}${init.fbtraceId ? ` [fbtrace_id ${init.fbtraceId}]` : ""}`);
    this.name = "MetaApiError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.errorSubcode = init.errorSubcode;
    this.type = init.type;
    this.fbtraceId = init.fbtraceId;
    this.metaMessage = init.metaMessage;
    this.userMessage = init.userMessage;
    this.hint = hint;
    this.attempts = init.attempts;
    this.notReached = init.notReached === true;
    this.retryable =
      init.kind === "timeout" ||
      init.kind === "network" ||
      (init.status !== undefined && (init.status >= 500 || init.status === 429)) ||
      init.code === META_ERROR.rateLimited ||
      init.code === META_ERROR.throughputExceeded;
  }

  /**
   * The request may have reached Meta and been carried out, but no answer says so: a timeout, a
   * connection lost after sending, an answer that could not be read, a 5xx without Meta's error
   * object (a proxy's). Meta's own error answer means it refused; a refused connection means it
   * never saw the request. For a message send: stored as "unknown", never sent again blindly.
   */
  get outcomeUnknown(): boolean {
    switch (this.kind) {
      case "timeout":
        return true;
      case "network":
        return !this.notReached;
      case "invalid_response":
        return this.status === undefined || this.status < 400 || this.status >= 500;
      default:
        return false;
    }
  }

  /** Alias of errorSubcode, for readers that call it `subcode` (lib/onboarding's GraphFailure). */
  get subcode(): number | undefined {
    return this.errorSubcode;
  }

  /** Safe to log and to show an admin: code, trace id and hint, no secrets. */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      status: this.status,
      code: this.code,
      errorSubcode: this.errorSubcode,
      type: this.type,
      fbtraceId: this.fbtraceId,
      message: this.message,
      userMessage: this.userMessage,
      hint: this.hint,
      attempts: this.attempts,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

export function isMetaApiError(error: unknown): error is MetaApiError {
  return error instanceof MetaApiError;
}
