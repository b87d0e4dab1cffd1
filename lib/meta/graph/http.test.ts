import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { retryAfterMs } from "./http";

// Failed calls are the point here and are logged as warnings; keep the output readable.
process.env.LOG_LEVEL ??= "error";

import { exchangeCode, getPhoneNumber, MetaApiError, sendMessage } from "./index";

/**
 * The client's transport rules, over real HTTP against a scripted server: what is retried (5xx,
 * 429, network), what is not (4xx, the code exchange), Retry-After, timeouts, and that tokens
 * never show in errors.
 */
type Script = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function scripted(script: Script) {
  const hits: { url: string; authorization?: string; at: number }[] = [];
  const server = createServer((req, res) => {
    hits.push({ url: req.url ?? "", authorization: req.headers.authorization, at: Date.now() });
    script(req, res, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  const { port } = server.address() as AddressInfo;
  return { graph: { baseUrl: `http://127.0.0.1:${port}`, backoffMs: 5 }, hits };
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const metaError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: "boom", type: "OAuthException", code, fbtrace_id: "TRACE123", ...extra },
});
const phone = { id: "1", display_phone_number: "+1 555", verified_name: "Shop" };
const TOKEN = "EAAGsecretbusinesstoken";

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetaApiError);
  return error as MetaApiError;
}

describe("the Graph client's transport", () => {
  it("retries a 5xx and succeeds on the next attempt", async () => {
    const { graph, hits } = await scripted((_req, res, hit) =>
      hit === 1 ? json(res, 503, metaError(2)) : json(res, 200, phone),
    );
    await expect(
      getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph }),
    ).resolves.toMatchObject({ id: "1" });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.url).toBe(
      "/v25.0/1?fields=id%2Cdisplay_phone_number%2Cverified_name%2Cquality_rating%2Cis_on_biz_app%2Cplatform_type%2Cthroughput%2Cstatus",
    );
    expect(hits[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("honours Retry-After on a 429", async () => {
    const { graph, hits } = await scripted((_req, res, hit) =>
      hit === 1 ? json(res, 429, metaError(4), { "retry-after": "1" }) : json(res, 200, phone),
    );
    await getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph });
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("gives up after the configured retries with the last Meta error", async () => {
    const { graph, hits } = await scripted((_req, res) =>
      json(res, 500, metaError(1, { error_subcode: 99 })),
    );
    const error = await failure(
      getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph: { ...graph, retries: 2 } }),
    );
    expect(hits).toHaveLength(3);
    expect(error).toMatchObject({
      kind: "meta",
      status: 500,
      code: 1,
      errorSubcode: 99,
      fbtraceId: "TRACE123",
      attempts: 3,
    });
  });

  it("does not retry a 4xx", async () => {
    const { graph, hits } = await scripted((_req, res) => json(res, 400, metaError(131047)));
    const error = await failure(
      sendMessage({
        token: TOKEN,
        phoneNumberId: "1",
        to: "15550001",
        message: { type: "text", text: { body: "x" } },
        graph,
      }),
    );
    expect(hits).toHaveLength(1);
    expect(error.hint).toMatch(/24 hours/);
    expect(error.retryable).toBe(false);
  });

  it("never retries a code exchange, even on a 5xx", async () => {
    const { graph, hits } = await scripted((_req, res) => json(res, 503, metaError(2)));
    const error = await failure(
      exchangeCode({
        code: "THE-CODE",
        graph: { ...graph, retries: 5, appId: "app", appSecret: "APPSECRET" },
      }),
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.url).toContain("code=THE-CODE");
    expect(error.message).not.toContain("THE-CODE");
    expect(error.message).not.toContain("APPSECRET");
    expect(JSON.stringify(error)).not.toContain("APPSECRET");
  });

  it("times out a silent server and retries it", async () => {
    const { graph, hits } = await scripted(() => {
      // never answers
    });
    const error = await failure(
      getPhoneNumber({
        token: TOKEN,
        phoneNumberId: "1",
        graph: { ...graph, timeoutMs: 150, retries: 1 },
      }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(hits).toHaveLength(2);
  });

  it("reports a network failure without the token", async () => {
    const { graph } = await scripted((_req, res) => json(res, 200, phone));
    servers.splice(0).forEach((server) => {
      server.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(
      getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph: { ...graph, retries: 1 } }),
    );
    expect(error.kind).toBe("network");
    expect(error.attempts).toBe(2);
    expect(error.message).not.toContain(TOKEN);
  });

  it("rejects a success body of the wrong shape", async () => {
    const { graph } = await scripted((_req, res) => json(res, 200, { nothing: true }));
    const error = await failure(getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph }));
    expect(error.kind).toBe("invalid_response");
  });

  it("reads an error without Meta's error object as an invalid response", async () => {
    const { graph } = await scripted((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    });
    const error = await failure(
      getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph: { ...graph, retries: 0 } }),
    );
    expect(error).toMatchObject({ kind: "invalid_response", status: 502 });
  });
});

const send = (graph: Record<string, unknown>) =>
  sendMessage({
    token: TOKEN,
    phoneNumberId: "1",
    to: "15550001",
    message: { type: "text", text: { body: "x" } },
    bizOpaqueCallbackData: "coex:row",
    graph,
  });

describe("a message send is never sent twice", () => {
  it("does not retry a send Meta accepted and then stalled on: one request, outcome unknown", async () => {
    const bodies: string[] = [];
    const { graph, hits } = await scripted((req) => {
      // Reads the request (Meta has it), then never answers.
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => bodies.push(body));
    });
    const error = await failure(send({ ...graph, timeoutMs: 150, retries: 3 }));
    expect(hits).toHaveLength(1);
    expect(error).toMatchObject({ kind: "timeout", attempts: 1, outcomeUnknown: true });
    expect(JSON.parse(bodies[0]!)).toMatchObject({ biz_opaque_callback_data: "coex:row" });
  });

  it("does not retry a send answered 5xx or 429", async () => {
    for (const status of [500, 503, 429]) {
      const { graph, hits } = await scripted((_req, res) => json(res, status, metaError(2)));
      const error = await failure(send({ ...graph, retries: 3 }));
      expect(hits).toHaveLength(1);
      expect(error.attempts).toBe(1);
    }
  });

  it("calls a proxy's bare 502 on a send an unknown outcome, Meta's own refusal not", async () => {
    const bare = await scripted((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    });
    expect((await failure(send(bare.graph))).outcomeUnknown).toBe(true);
    const refused = await scripted((_req, res) => json(res, 400, metaError(131047)));
    expect((await failure(send(refused.graph))).outcomeUnknown).toBe(false);
  });

  it("retries a send whose connection was refused: it never reached Meta", async () => {
    const { graph } = await scripted((_req, res) => json(res, 200, {}));
    for (const server of servers.splice(0)) server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(send({ ...graph, retries: 2 }));
    expect(error).toMatchObject({
      kind: "network",
      attempts: 3,
      notReached: true,
      outcomeUnknown: false,
    });
  });

  it("still retries a read that timed out", async () => {
    const { graph, hits } = await scripted((_req, res, hit) => {
      if (hit > 1) json(res, 200, phone);
    });
    await getPhoneNumber({ token: TOKEN, phoneNumberId: "1", graph: { ...graph, timeoutMs: 150 } });
    expect(hits).toHaveLength(2);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
