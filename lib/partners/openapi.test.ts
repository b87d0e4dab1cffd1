import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

const doc = buildOpenApiDocument({ serverUrl: "https://hub.example.test" });

describe("the Partner API's OpenAPI document", () => {
  it("lists every endpoint the routes serve", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "GET /api/v2/partners/{partner_id}/clients",
        "GET /api/v2/partners/{partner_id}/clients/{client_id}",
        "PATCH /api/v2/partners/{partner_id}/clients/{client_id}",
        "GET /api/v2/partners/{partner_id}/channels",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys",
        "POST /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys",
        "DELETE /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys/{api_key_id}",
        "GET /api/v2/partners/{partner_id}/webhook_url",
        "POST /api/v2/partners/{partner_id}/webhook_url",
        "GET /api/v2/partners/{partner_id}/costs",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}/costs",
        "GET /api/v2/partners/{partner_id}/clients/{client_id}/costs",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}/conversations",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}/conversations/{conversation}/messages",
        "GET /api/v2/partners/{partner_id}/onboarding_sessions",
        "POST /api/v2/partners/{partner_id}/onboarding_links",
        "POST /api/v1/messages",
        "GET /api/v2/partners/{partner_id}/channels/{channel_id}/templates",
        "POST /api/v2/partners/{partner_id}/channels/{channel_id}/templates",
        "POST /api/v2/partners/{partner_id}/channels/{channel_id}/templates/{template_name}",
        "DELETE /api/v2/partners/{partner_id}/channels/{channel_id}/templates/{template_name}",
        "GET /api/v1/configs/templates",
        "GET /api/v1/configs/webhook",
        "POST /api/v1/configs/webhook",
      ].sort(),
    );
  });

  it("documents the resources from the zod schemas the routes use", () => {
    const channel = doc.components.schemas.Channel as { properties: Record<string, unknown> };
    expect(Object.keys(channel.properties)).toContain("last_app_activity_at");
    expect(channel.properties.warnings).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/ChannelWarning" },
    });
    expect(doc.components.schemas.CreatedChannelKey).toMatchObject({
      required: ["id", "api_key", "address", "app_id"],
    });
  });

  it("documents the Messaging API's bodies by type, with the channel key", () => {
    const send = doc.paths["/api/v1/messages"].post;
    expect(send.security).toEqual([{ channelKey: [] }]);
    expect(doc.components.securitySchemes.channelKey).toMatchObject({ name: "D360-API-KEY" });
    const body = doc.components.schemas.MessageBody as { oneOf?: { properties: object }[] };
    const types = (body.oneOf ?? []).map(
      (variant) => (variant.properties as { type: { const: string } }).type.const,
    );
    expect(types).toEqual(expect.arrayContaining(["text", "template", "image", "reaction"]));
  });

  it("documents the filters of each list, refusing unknown fields", () => {
    const list = doc.paths["/api/v2/partners/{partner_id}/clients"].get;
    const filters = list.parameters.find((p) => p.name === "filters") as unknown as {
      content: {
        "application/json": { schema: { additionalProperties: boolean; properties: object } };
      };
    };
    expect(filters.content["application/json"].schema.additionalProperties).toBe(false);
    expect(Object.keys(filters.content["application/json"].schema.properties)).toContain("status");
  });

  it("documents keyset paging of messages and the typed query of the cost reports", () => {
    const messages =
      doc.paths[
        "/api/v2/partners/{partner_id}/channels/{channel_id}/conversations/{conversation}/messages"
      ].get;
    const names = messages.parameters.map((p) => p.name);
    expect(names).toEqual([
      "partner_id",
      "channel_id",
      "conversation",
      "limit",
      "before",
      "after",
      "sort",
      "filters",
    ]);
    const sort = messages.parameters.find((p) => p.name === "sort") as { schema: object };
    expect(sort.schema).toMatchObject({ enum: ["-timestamp", "timestamp"], default: "-timestamp" });
    expect(doc.components.schemas.MessagePage).toMatchObject({
      properties: { next_cursor: { type: ["string", "null"] } },
    });
    const costs = doc.paths["/api/v2/partners/{partner_id}/channels/{channel_id}/costs"].get;
    const groupBy = costs.parameters.find((p) => p.name === "group_by") as { schema: object };
    expect(groupBy.schema).toMatchObject({ enum: ["day", "month"], default: "month" });
    // The channel comes from the path: the query may not name another one.
    expect(costs.parameters.filter((p) => p.in === "query").map((p) => p.name)).toEqual([
      "from",
      "to",
      "group_by",
    ]);
  });

  it("documents the template edit: the language in the query, Meta's edit body, PENDING back", () => {
    const edit =
      doc.paths["/api/v2/partners/{partner_id}/channels/{channel_id}/templates/{template_name}"]
        .post;
    expect(edit.parameters.map((p) => `${p.in} ${p.name}`)).toEqual([
      "path partner_id",
      "path channel_id",
      "path template_name",
      "query language",
    ]);
    expect(Object.keys(edit.responses)).toEqual(
      expect.arrayContaining(["200", "404", "409", "422"]),
    );
    expect(doc.components.schemas.EditTemplateBody).toMatchObject({
      properties: {
        category: { enum: ["MARKETING", "UTILITY", "AUTHENTICATION"] },
        components: { type: "array" },
      },
    });
  });

  it("every $ref points at a component that exists", () => {
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const ref of new Set(refs)) {
      expect(doc.components.schemas).toHaveProperty(ref.split("/").pop()!);
    }
  });
});
