import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

process.env.LOG_LEVEL ??= "error";

import {
  downloadMedia,
  getMediaUrl,
  isMetaMediaUrl,
  MEDIA_GONE_HINT,
  MediaTooLargeError,
  MetaApiError,
} from "./index";

/**
 * The media flow's transport rules over real HTTP against a scripted server: the token goes only
 * to Meta's media host, sizes are capped before and while streaming, a dead link reads as gone.
 */
type Script = (req: IncomingMessage, res: ServerResponse) => void;

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function scripted(script: Script) {
  const hits: { url: string; authorization?: string }[] = [];
  const server = createServer((req, res) => {
    hits.push({ url: req.url ?? "", authorization: req.headers.authorization });
    script(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, graph: { baseUrl: base, backoffMs: 5 }, hits };
}

const TOKEN = "EAAGsecretbusinesstoken";

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
}

describe("getMediaUrl", () => {
  it("reads Meta's answer, a string file_size too, asking with the number", async () => {
    const { graph, hits } = await scripted((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1",
          mime_type: "image/jpeg",
          sha256: "abc",
          file_size: "303833",
          id: "1234",
        }),
      );
    });
    const link = await getMediaUrl({ token: TOKEN, mediaId: "1234", phoneNumberId: "555", graph });
    expect(link).toEqual({
      url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1",
      mimeType: "image/jpeg",
      sha256: "abc",
      fileSize: 303833,
      id: "1234",
    });
    expect(hits[0]!.url).toMatch(/\/v\d+\.\d+\/1234\?phone_number_id=555$/);
    expect(hits[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("explains an unknown or expired media id (100/33) as media Meta no longer has", async () => {
    const { graph } = await scripted((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            message: "Unsupported get request",
            code: 100,
            error_subcode: 33,
            fbtrace_id: "T",
          },
        }),
      );
    });
    const error = (await rejection(
      getMediaUrl({ token: TOKEN, mediaId: "9", graph }),
    )) as MetaApiError;
    expect(error).toBeInstanceOf(MetaApiError);
    expect(error).toMatchObject({
      kind: "meta",
      code: 100,
      errorSubcode: 33,
      hint: MEDIA_GONE_HINT,
    });
    expect(error.message).not.toContain(TOKEN);
  });
});

describe("downloadMedia", () => {
  it("streams the bytes with the token as bearer", async () => {
    const { base, graph, hits } = await scripted((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": "4" });
      res.end(Buffer.from([1, 2, 3, 4]));
    });
    const media = await downloadMedia({
      token: TOKEN,
      url: `${base}/media?mid=1`,
      maxBytes: 10,
      graph,
    });
    expect(media.contentType).toBe("image/jpeg");
    expect(media.contentLength).toBe(4);
    expect([...new Uint8Array(await new Response(media.body).arrayBuffer())]).toEqual([1, 2, 3, 4]);
    expect(hits[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("refuses a body whose Content-Length is over the limit before reading it", async () => {
    const { base, graph } = await scripted((_req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "2048" });
      res.end(Buffer.alloc(2048));
    });
    const error = await rejection(
      downloadMedia({ token: TOKEN, url: `${base}/m`, maxBytes: 1024, graph }),
    );
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error).toMatchObject({ maxBytes: 1024, size: 2048 });
  });

  it("fails the stream once a body without a length passes the limit", async () => {
    const { base, graph } = await scripted((_req, res) => {
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write(Buffer.alloc(800));
      res.end(Buffer.alloc(800));
    });
    const media = await downloadMedia({ token: TOKEN, url: `${base}/m`, maxBytes: 1024, graph });
    expect(media.contentLength).toBeNull();
    await expect(new Response(media.body).arrayBuffer()).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it("reads a bare 404 from the media host as a dead link, and does not retry it", async () => {
    const { base, graph, hits } = await scripted((_req, res) => {
      res.writeHead(404);
      res.end("Not Found");
    });
    const error = (await rejection(
      downloadMedia({ token: TOKEN, url: `${base}/m`, maxBytes: 10, graph }),
    )) as MetaApiError;
    expect(error).toMatchObject({ kind: "invalid_response", status: 404, hint: MEDIA_GONE_HINT });
    expect(hits).toHaveLength(1);
  });

  it("retries a 5xx from the media host and streams the bytes of the next answer", async () => {
    const { base, graph, hits } = await scripted((_req, res) => {
      if (hits.length === 1) {
        res.writeHead(503);
        res.end("busy");
        return;
      }
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": "2" });
      res.end(Buffer.from([7, 8]));
    });
    const media = await downloadMedia({ token: TOKEN, url: `${base}/m`, maxBytes: 10, graph });
    expect([...new Uint8Array(await new Response(media.body).arrayBuffer())]).toEqual([7, 8]);
    expect(hits).toHaveLength(2);
  });

  it("gives up on a media host that never answers: a timeout after every attempt", async () => {
    const { base, graph, hits } = await scripted(() => {
      // Never answers: each attempt's header timeout fires.
    });
    const error = (await rejection(
      downloadMedia({
        token: TOKEN,
        url: `${base}/m`,
        maxBytes: 10,
        graph: { ...graph, timeoutMs: 100, retries: 1 },
      }),
    )) as MetaApiError;
    expect(error).toBeInstanceOf(MetaApiError);
    expect(error).toMatchObject({ kind: "timeout", operation: "downloadMedia", attempts: 2 });
    expect(hits).toHaveLength(2);
  });

  it("reads Meta's error object from the media host, without retrying a 4xx", async () => {
    const { base, graph, hits } = await scripted((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { message: "Invalid OAuth access token", code: 190, fbtrace_id: "TR" },
        }),
      );
    });
    const error = (await rejection(
      downloadMedia({ token: TOKEN, url: `${base}/m`, maxBytes: 10, graph }),
    )) as MetaApiError;
    expect(error).toMatchObject({ kind: "meta", status: 401, code: 190, fbtraceId: "TR" });
    expect(error.hint).toMatch(/business token is invalid/);
    expect(error.message).not.toContain(TOKEN);
    expect(hits).toHaveLength(1);
  });

  it("never sends the token to a link off Meta's media host", async () => {
    const { graph, hits } = await scripted((_req, res) => res.end("x"));
    const error = await rejection(
      downloadMedia({ token: TOKEN, url: "https://evil.example/steal", maxBytes: 10, graph }),
    );
    expect(error).toBeInstanceOf(MetaApiError);
    expect(hits).toHaveLength(0);
  });
});

describe("isMetaMediaUrl", () => {
  const graphBase = "https://graph.facebook.com";
  it("accepts Meta's media hosts over https and the Graph host itself (the sandbox)", () => {
    expect(
      isMetaMediaUrl("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", graphBase),
    ).toBe(true);
    expect(
      isMetaMediaUrl(
        "http://127.0.0.1:3000/sandbox/lookaside/x",
        "http://127.0.0.1:3000/sandbox/graph",
      ),
    ).toBe(true);
  });
  it("refuses look-alikes, plain http and credentials in the link", () => {
    expect(isMetaMediaUrl("https://lookaside.fbsbx.com.evil.example/x", graphBase)).toBe(false);
    expect(isMetaMediaUrl("https://evilfbsbx.com/x", graphBase)).toBe(false);
    expect(isMetaMediaUrl("http://lookaside.fbsbx.com/x", graphBase)).toBe(false);
    expect(isMetaMediaUrl("https://user:pw@lookaside.fbsbx.com/x", graphBase)).toBe(false);
    expect(isMetaMediaUrl("not a url", graphBase)).toBe(false);
  });
});
