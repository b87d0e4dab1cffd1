import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

const root = join(import.meta.dirname, "..", "..");

// Routes under app/api/v1 and app/api/v2 that the document leaves out on purpose.
const undocumented = new Set([
  // The document itself.
  "GET /api/v2/openapi.json",
]);

/** "METHOD /path" for every HTTP method each app/api/v{1,2}/**\/route.ts exports. */
function servedOperations(): string[] {
  const operations: string[] = [];
  for (const version of ["v1", "v2"]) {
    const dir = join(root, "app", "api", version);
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
      (file) => file === "route.ts" || file.endsWith(`${sep}route.ts`),
    );
    for (const file of files) {
      const path = `/${relative(join(root, "app"), join(dir, file))}`
        .split(sep)
        .join("/")
        .replace(/\/route\.ts$/, "")
        .replace(/\[([^\]]+)\]/g, "{$1}");
      const text = readFileSync(join(dir, file), "utf8");
      const methods = text.matchAll(
        /^export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PATCH|DELETE|PUT)\b/gm,
      );
      for (const [, method] of methods) operations.push(`${method} ${path}`);
    }
  }
  return operations.filter((operation) => !undocumented.has(operation)).sort();
}

const doc = buildOpenApiDocument({ serverUrl: "https://hub.example.test" });

describe("the Partner API's OpenAPI document", () => {
  it("documents exactly the endpoints the route files under app/api/v1 and app/api/v2 export", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // A new route file (or a new method in one) fails here until the document describes it.
    expect(documented.sort()).toEqual(servedOperations());
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
