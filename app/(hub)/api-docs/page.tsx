import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { requireCaller } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/partners/openapi";

export const metadata: Metadata = { title: "API reference" };

type Operation = {
  summary: string;
  description?: string;
  parameters?: {
    name: string;
    in: string;
    description?: string;
    schema?: unknown;
    content?: unknown;
  }[];
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
  responses: Record<string, { description: string }>;
};

const refName = (ref: string) => ref.split("/").pop() ?? ref;

export default async function ApiDocsPage() {
  const caller = await requireCaller();
  const appUrl = getEnv().appUrl;
  const doc = buildOpenApiDocument({ serverUrl: appUrl });
  const schemas = doc.components.schemas as Record<string, unknown>;
  return (
    <>
      <PageHeader
        title="API reference"
        description="The Partner API and the Messaging API, shaped like 360dialog's. Generated from the same schemas the hub validates with."
      >
        <a href="/api/v2/openapi.json" className="text-sm underline">
          openapi.json
        </a>
      </PageHeader>
      <Card className="mb-4">
        <CardHeader>
          <CardTitle>Basics</CardTitle>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-2 text-sm wrap-anywhere">
          <p>
            Base URL{" "}
            <code>
              {appUrl}/api/v2/partners/{caller.partnerId}
            </code>
            , header <code>X-API-Key</code> with a partner key (Settings → API keys).
          </p>
          <p>
            Lists take <code>limit</code> (1–100), <code>offset</code>, <code>sort</code> (a field,{" "}
            <code>-</code> for descending) and <code>filters</code> (a JSON object; unknown fields
            are a 422) and answer{" "}
            <code>{"{count, total, limit, offset, filters, sort, <items>}"}</code>.
          </p>
          <p>
            A conversation's messages page by keyset instead: <code>limit</code>, then the answer's{" "}
            <code>next_cursor</code> as <code>before</code> (newest first, the default) or as{" "}
            <code>after</code> with <code>sort=timestamp</code>; new messages never shift a page.
          </p>
          <p>
            Errors are <code>{'{"error": {"code", "message", "details"?}}'}</code>: 401 bad or
            revoked key, 404 anything not yours, 422 invalid input with the path of each problem,
            429 over the per-key limit (see <code>X-RateLimit-Limit</code>,{" "}
            <code>X-RateLimit-Remaining</code>, <code>X-RateLimit-Reset</code>,{" "}
            <code>Retry-After</code>).
          </p>
          <p>
            The Messaging API (<code>/api/v1/messages</code>, <code>/api/v1/configs/webhook</code>)
            takes a channel key in <code>D360-API-KEY</code> (a channel's API keys tab) and Cloud
            API bodies; <code>dry_run</code> prices a send without sending it and{" "}
            <code>Idempotency-Key</code> makes retries safe.
          </p>
          <ScrollRegion
            as="pre"
            label="Example request"
            className="overflow-x-auto rounded bg-muted p-3 font-mono text-xs"
          >
            {`curl -H "X-API-Key: $COEX_PARTNER_KEY" \\
  "${appUrl}/api/v2/partners/${caller.partnerId}/channels?limit=10&sort=-last_app_activity_at&filters=%7B%22status%22%3A%22connected%22%7D"`}
          </ScrollRegion>
        </CardContent>
      </Card>
      <div className="grid gap-3">
        {Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods as Record<string, Operation>).map(([method, operation]) => {
            const body = operation.requestBody?.content["application/json"].schema.$ref;
            return (
              <Card key={`${method} ${path}`} id={`${method}-${path}`}>
                <CardHeader>
                  <CardTitle className="flex flex-wrap items-center gap-2 font-mono text-sm wrap-anywhere">
                    <Badge
                      variant={
                        method === "get"
                          ? "secondary"
                          : method === "delete"
                            ? "destructive"
                            : "default"
                      }
                    >
                      {method.toUpperCase()}
                    </Badge>
                    {path.replace("/api/v2/partners/{partner_id}", "…")}
                  </CardTitle>
                  <CardDescription>
                    {operation.summary}
                    {operation.description ? `. ${operation.description}` : ""}
                  </CardDescription>
                </CardHeader>
                <CardContent className="grid grid-cols-1 gap-2 text-sm wrap-anywhere">
                  {operation.parameters?.filter((p) => p.in === "query").length ? (
                    <p>
                      Query:{" "}
                      {operation.parameters
                        .filter((p) => p.in === "query")
                        .map((p) => p.name)
                        .join(", ")}
                    </p>
                  ) : null}
                  {body ? <p>Body: {refName(body)}</p> : null}
                  <p>
                    Answers:{" "}
                    {Object.entries(operation.responses)
                      .map(([status, response]) => `${status} ${response.description}`)
                      .join(" · ")}
                  </p>
                </CardContent>
              </Card>
            );
          }),
        )}
      </div>
      <h2 className="mt-6 mb-3 text-lg font-semibold">Schemas</h2>
      <div className="grid gap-3 lg:grid-cols-2">
        {Object.entries(schemas).map(([name, schema]) => (
          <Card key={name} id={`schema-${name}`}>
            <CardHeader>
              <CardTitle className="font-mono text-sm wrap-anywhere">{name}</CardTitle>
            </CardHeader>
            <CardContent>
              <ScrollRegion
                as="pre"
                label={`${name} schema`}
                className="max-h-80 overflow-auto rounded bg-muted p-3 font-mono text-xs"
              >
                {JSON.stringify(schema, (key, value) => (key === "pattern" ? undefined : value), 2)}
              </ScrollRegion>
            </CardContent>
          </Card>
        ))}
      </div>
    </>
  );
}
