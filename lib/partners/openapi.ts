import { z } from "zod";
import { messagingApiAnswerResource } from "@/lib/chats/send/api-shape";
import { sendBodyUnion } from "@/lib/chats/send/schemas";
import { costQuery, costReportResource } from "@/lib/costs/api";
import {
  channelWebhookConfigBody,
  channelWebhookConfigResource,
} from "@/lib/forwarding/channel-webhook-config";
import {
  createTemplateBody,
  editTemplateBody,
  templateEditQuery,
  templateListQuery,
  templateListResource,
  templateResource,
} from "@/lib/templates/api";
import {
  apiKeyListSpec,
  apiKeyResource,
  channelListSpec,
  channelResource,
  channelWarning,
  clientListSpec,
  clientResource,
  createChannelKeyBody,
  createdChannelKey,
  errorResource,
  updateClientBody,
  webhookUrlBody,
  webhookUrlResource,
} from "./api-schemas";
import {
  conversationListSpec,
  conversationResource,
  messageFilters,
  messagePageQuery,
  messagePageResource,
  messageResource,
} from "./api-schemas-conversations";
import {
  onboardingLinkBody,
  onboardingLinkResource,
  onboardingSessionListSpec,
  onboardingSessionResource,
} from "./api-schemas-onboarding";
import type { ListSpec } from "./list-query";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./list-query";

/**
 * The OpenAPI 3.1 document of the Partner API, generated from the same zod schemas the routes
 * parse and answer with, so the reference cannot drift from the code.
 */
const components = {
  Client: clientResource,
  Channel: channelResource,
  ChannelWarning: channelWarning,
  ApiKey: apiKeyResource,
  CreatedChannelKey: createdChannelKey,
  CreateChannelKeyBody: createChannelKeyBody,
  UpdateClientBody: updateClientBody,
  WebhookUrlBody: webhookUrlBody,
  WebhookUrl: webhookUrlResource,
  CostReport: costReportResource,
  Conversation: conversationResource,
  Message: messageResource,
  MessagePage: messagePageResource,
  OnboardingSession: onboardingSessionResource,
  OnboardingLinkBody: onboardingLinkBody,
  OnboardingLink: onboardingLinkResource,
  MessageBody: sendBodyUnion,
  MessagingAnswer: messagingApiAnswerResource,
  ChannelWebhookConfigBody: channelWebhookConfigBody,
  ChannelWebhookConfig: channelWebhookConfigResource,
  Template: templateResource,
  TemplateList: templateListResource,
  CreateTemplateBody: createTemplateBody,
  EditTemplateBody: editTemplateBody,
  Error: errorResource,
} satisfies Record<string, z.ZodType>;

const ref = (id: keyof typeof components) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas() {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  });
  // Components are not standalone documents: drop the per-schema $schema and $id.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function listParameters(spec: ListSpec<z.ZodObject>) {
  const sorts = spec.sortFields.flatMap((field) => [field, `-${field}`]);
  return [
    {
      name: "limit",
      in: "query",
      schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    },
    { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
    {
      name: "sort",
      in: "query",
      description: "A field; prefix with - for descending",
      schema: { type: "string", enum: sorts, default: spec.defaultSort },
    },
    filtersParameter(spec.filters),
  ];
}

/** One query parameter per field of a zod object (strings on the wire, typed here). */
function queryParameters(schema: z.ZodObject, skip: string[] = []) {
  return Object.entries(schema.shape)
    .filter(([name]) => !skip.includes(name))
    .map(([name, field]) => {
      const { $schema: _s, ...fieldSchema } = z.toJSONSchema(field as z.ZodType, {
        unrepresentable: "any",
        io: "input",
      }) as Record<string, unknown>;
      return {
        name,
        in: "query",
        required: false,
        ...(typeof fieldSchema.description === "string"
          ? { description: fieldSchema.description }
          : {}),
        schema: fieldSchema,
      };
    });
}

function filtersParameter(filters: z.ZodObject) {
  const { $schema: _s, ...schema } = z.toJSONSchema(filters.strict(), {
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return {
    name: "filters",
    in: "query",
    description: "A JSON object; unknown fields are refused with 422",
    content: { "application/json": { schema } },
  };
}

function listAnswer(itemsName: string, item: keyof typeof components) {
  return {
    description: "A page of the list",
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["count", "total", "limit", "offset", "filters", "sort", itemsName],
          properties: {
            count: { type: "integer", description: "items in this page" },
            total: { type: "integer", description: "items matching the filters" },
            limit: { type: "integer" },
            offset: { type: "integer" },
            filters: { type: "object" },
            sort: { type: "string" },
            [itemsName]: { type: "array", items: ref(item) },
          },
        },
      },
    },
  };
}

const json = (schema: object, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      json(ref("Error"), errorDescriptions[status] ?? "Error"),
    ]),
  );
const errorDescriptions: Record<number, string> = {
  400: "The body is not JSON",
  401: "Missing, unknown or revoked key",
  404: "Not found (also: another partner's id)",
  409: "Conflicts with another resource",
  422: "Invalid input, with the path of each problem",
  429: "Rate limited; see Retry-After and X-RateLimit-*",
  503: "Meta could not be reached or failed; send again later",
};
const common = errors(401, 404, 429);

const pathParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string", format: "uuid" },
});
const partnerParam = pathParam("partner_id", "Your partner id");
const clientParam = pathParam("client_id", "A client id");
const channelParam = pathParam("channel_id", "A channel id");
const templateNameParam = {
  name: "template_name",
  in: "path",
  required: true,
  description: "The template's name",
  schema: { type: "string" },
};

export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  const base = "/api/v2/partners/{partner_id}";
  return {
    openapi: "3.1.0",
    info: {
      title: "Coex Hub Partner API",
      version: "2.0.0",
      description:
        "Shaped like 360dialog's Partner API. Authenticate with a partner key in the `X-API-Key` header. Every answer carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset. Errors are `{error: {code, message, details?}}`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ partnerKey: [] }],
    paths: {
      [`${base}/costs`]: {
        get: {
          operationId: "getCosts",
          summary: "Costs per period for the partner, a channel or a client (UTC days or months)",
          parameters: [partnerParam, ...queryParameters(costQuery)],
          responses: {
            "200": json(ref("CostReport"), "The cost report"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/clients`]: {
        get: {
          operationId: "listClients",
          summary: "List clients",
          parameters: [partnerParam, ...listParameters(clientListSpec)],
          responses: { "200": listAnswer("clients", "Client"), ...common, ...errors(422) },
        },
      },
      [`${base}/clients/{client_id}`]: {
        get: {
          operationId: "getClient",
          summary: "Get a client",
          parameters: [partnerParam, clientParam],
          responses: { "200": json(ref("Client"), "The client"), ...common },
        },
        patch: {
          operationId: "updateClient",
          summary: "Change a client's partner_payload or max_channels",
          parameters: [partnerParam, clientParam],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("UpdateClientBody") } },
          },
          responses: {
            "200": json(ref("Client"), "The changed client"),
            ...common,
            ...errors(400, 409, 422),
          },
        },
      },
      [`${base}/channels`]: {
        get: {
          operationId: "listChannels",
          summary: "List channels",
          parameters: [partnerParam, ...listParameters(channelListSpec)],
          responses: { "200": listAnswer("channels", "Channel"), ...common, ...errors(422) },
        },
      },
      [`${base}/channels/{channel_id}`]: {
        get: {
          operationId: "getChannel",
          summary: "Get a channel, with sync state, last app activity and warnings",
          parameters: [partnerParam, channelParam],
          responses: { "200": json(ref("Channel"), "The channel"), ...common },
        },
      },
      [`${base}/channels/{channel_id}/api_keys`]: {
        get: {
          operationId: "listChannelKeys",
          summary: "List a channel's messaging keys (prefixes only)",
          parameters: [partnerParam, channelParam, ...listParameters(apiKeyListSpec)],
          responses: { "200": listAnswer("api_keys", "ApiKey"), ...common, ...errors(422) },
        },
        post: {
          operationId: "createChannelKey",
          summary: "Create a messaging key for the channel (one per 30 seconds per channel)",
          description:
            "The key is in this answer only. Use it as `D360-API-KEY` on the Messaging API at `address`.",
          parameters: [partnerParam, channelParam],
          requestBody: {
            required: false,
            content: { "application/json": { schema: ref("CreateChannelKeyBody") } },
          },
          responses: {
            "201": json(ref("CreatedChannelKey"), "The new key, shown once"),
            ...common,
            ...errors(400, 422),
          },
        },
      },
      [`${base}/channels/{channel_id}/api_keys/{api_key_id}`]: {
        delete: {
          operationId: "revokeChannelKey",
          summary: "Revoke a channel key",
          parameters: [partnerParam, channelParam, pathParam("api_key_id", "A key id")],
          responses: { "204": { description: "Revoked" }, ...common },
        },
      },
      [`${base}/channels/{channel_id}/templates`]: {
        get: {
          operationId: "listChannelTemplates",
          summary: "The message templates of the channel's WhatsApp Business Account",
          description:
            "From the hub's copy, kept current by Meta's template webhooks (status, quality, category); read from Meta on first use or with refresh=true.",
          parameters: [partnerParam, channelParam, ...queryParameters(templateListQuery)],
          responses: {
            "200": json(ref("TemplateList"), "The templates"),
            ...common,
            ...errors(422),
          },
        },
        post: {
          operationId: "createChannelTemplate",
          summary: "Submit a template to Meta for review",
          description:
            "Meta's own create body (name, language, category, components). Checked against Meta's rules first (lengths, {{n}} or named parameters with examples, buttons): a 422 lists every problem and nothing reaches Meta. Meta's refusals are a 422 in words. The template is PENDING; APPROVED or REJECTED arrives by webhook (message_template_status_update).",
          parameters: [partnerParam, channelParam],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("CreateTemplateBody") } },
          },
          responses: {
            "201": json(ref("Template"), "The template, PENDING"),
            ...common,
            ...errors(400, 409, 422, 503),
          },
        },
      },
      [`${base}/channels/{channel_id}/templates/{template_name}`]: {
        post: {
          operationId: "editChannelTemplate",
          summary: "Edit a template's components and/or category where Meta allows it",
          description:
            "Meta's own edit body; name and language never change. Meta allows edits of APPROVED, REJECTED and PAUSED templates only, never an approved template's category (the same category is ignored), and an approved template once a day and ten times a month: what the hub knows is a 409 in words and nothing reaches Meta; Meta's own refusals (such as the edit limit) are a 422 in words. New components are checked against the create rules first (422 with every problem). The template is PENDING again; APPROVED or REJECTED arrives by webhook.",
          parameters: [
            partnerParam,
            channelParam,
            templateNameParam,
            ...queryParameters(templateEditQuery),
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("EditTemplateBody") } },
          },
          responses: {
            "200": json(ref("Template"), "The template, PENDING with the new content"),
            ...common,
            ...errors(400, 409, 422, 503),
          },
        },
        delete: {
          operationId: "deleteChannelTemplate",
          summary: "Delete a template, every language of its name, at Meta and in the hub",
          parameters: [partnerParam, channelParam, templateNameParam],
          responses: { "204": { description: "Deleted" }, ...common, ...errors(422, 503) },
        },
      },
      [`${base}/channels/{channel_id}/costs`]: {
        get: {
          operationId: "getChannelCosts",
          summary: "A channel's costs per UTC day or month over a period",
          description:
            "The same report as /costs?channel_id=. `to` is exclusive; amounts are summed from stored per-message verdicts",
          parameters: [
            partnerParam,
            channelParam,
            ...queryParameters(costQuery, ["channel_id", "client_id"]),
          ],
          responses: {
            "200": json(ref("CostReport"), "The cost report"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/clients/{client_id}/costs`]: {
        get: {
          operationId: "getClientCosts",
          summary: "A client's costs (all its channels) per UTC day or month over a period",
          parameters: [
            partnerParam,
            clientParam,
            ...queryParameters(costQuery, ["channel_id", "client_id"]),
          ],
          responses: {
            "200": json(ref("CostReport"), "The cost report"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/channels/{channel_id}/conversations`]: {
        get: {
          operationId: "listConversations",
          summary: "A channel's conversations, one per customer, latest live message first",
          parameters: [partnerParam, channelParam, ...listParameters(conversationListSpec)],
          responses: {
            "200": listAnswer("conversations", "Conversation"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/channels/{channel_id}/conversations/{conversation}/messages`]: {
        get: {
          operationId: "listMessages",
          summary: "One conversation's messages, keyset paginated",
          description:
            "Pass a page's next_cursor as before (sort -timestamp, the default: older pages) or after (sort timestamp: newer pages, e.g. to poll). Cursors are stable: new messages never shift a page",
          parameters: [
            partnerParam,
            channelParam,
            {
              name: "conversation",
              in: "path",
              required: true,
              description:
                "The conversation: its contact_id, the customer's BSUID (user_id, also one they had before a change) or their number (digits)",
              schema: { type: "string" },
            },
            ...queryParameters(messagePageQuery, ["filters"]),
            filtersParameter(messageFilters),
          ],
          responses: {
            "200": json(ref("MessagePage"), "A page of messages"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/onboarding_sessions`]: {
        get: {
          operationId: "listOnboardingSessions",
          summary: "Your clients' onboarding attempts, with their outcome and the step reached",
          parameters: [partnerParam, ...listParameters(onboardingSessionListSpec)],
          responses: {
            "200": listAnswer("onboarding_sessions", "OnboardingSession"),
            ...common,
            ...errors(422),
          },
        },
      },
      [`${base}/onboarding_links`]: {
        post: {
          operationId: "createOnboardingLink",
          summary: "Build a client's onboarding link, signed with your partner secret",
          description:
            "The signature is the hex HMAC-SHA256 of `{partner_id}|{timestamp}`; a signed link works for 7 days. 409 when signing is asked or required and you have no partner secret yet",
          parameters: [partnerParam],
          requestBody: {
            required: false,
            content: { "application/json": { schema: ref("OnboardingLinkBody") } },
          },
          responses: {
            "200": json(ref("OnboardingLink"), "The link and when it expires"),
            ...common,
            ...errors(400, 409, 422),
          },
        },
      },
      [`${base}/webhook_url`]: {
        get: {
          operationId: "getWebhookUrl",
          summary: "Your partner event URL",
          parameters: [partnerParam],
          responses: { "200": json(ref("WebhookUrl"), "The URL, or null"), ...common },
        },
        post: {
          operationId: "setWebhookUrl",
          summary: "Set (or clear, with null) your partner event URL",
          parameters: [partnerParam],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("WebhookUrlBody") } },
          },
          responses: {
            "200": json(ref("WebhookUrl"), "The saved URL"),
            ...common,
            ...errors(400, 422),
          },
        },
      },
      ...messagingApiPaths(),
    },
    components: {
      securitySchemes: {
        partnerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        channelKey: { type: "apiKey", in: "header", name: "D360-API-KEY" },
      },
      schemas: componentSchemas(),
    },
  };
}

/** The Messaging API (`/api/v1`, a channel key in `D360-API-KEY`), in the same document. */
function messagingApiPaths() {
  const security = [{ channelKey: [] }];
  const tags = ["Messaging API"];
  return {
    "/api/v1/messages": {
      post: {
        operationId: "sendMessage",
        tags,
        security,
        summary:
          "Send a message (Cloud API body) through the channel; free-form needs the customer service window",
        parameters: [
          {
            name: "dry_run",
            in: "query",
            description:
              "Price and check it; send and store nothing (or `dry_run: true` in the body)",
            schema: { type: "boolean" },
          },
          {
            name: "Idempotency-Key",
            in: "header",
            description:
              "A retry with the same key and body sends once and replays the first answer",
            schema: { type: "string", maxLength: 255 },
          },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("MessageBody") } },
        },
        responses: {
          "200": json(
            ref("MessagingAnswer"),
            "Sent (Meta's answer shape), or the dry run's estimate",
          ),
          "202": json(
            ref("MessagingAnswer"),
            'Outcome unknown: Meta did not answer in time, so it may or may not have sent the message (`status: "unknown"`, `messages[0].id` null, `hub_message_id`). Do not send it again: its status webhooks settle it. The same Idempotency-Key replays this answer.',
          ),
          ...errors(400, 401, 409, 422, 429, 503),
        },
      },
    },
    "/api/v1/configs/templates": {
      get: {
        operationId: "listTemplatesWithChannelKey",
        tags,
        security,
        summary: "The key's channel's message templates (statuses kept current by Meta's webhooks)",
        parameters: queryParameters(templateListQuery),
        responses: {
          "200": json(ref("TemplateList"), "The templates"),
          ...errors(401, 422, 429),
        },
      },
    },
    "/api/v1/configs/webhook": {
      get: {
        operationId: "getChannelWebhook",
        tags,
        security,
        summary: "Where this channel's events are forwarded",
        responses: {
          "200": json(ref("ChannelWebhookConfig"), "The URL and header names"),
          ...errors(401, 429),
        },
      },
      post: {
        operationId: "setChannelWebhook",
        tags,
        security,
        summary: "Set where this channel's events are forwarded, with custom headers",
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("ChannelWebhookConfigBody") } },
        },
        responses: {
          "200": json(ref("ChannelWebhookConfig"), "The saved config (header values masked)"),
          ...errors(400, 401, 422, 429),
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
