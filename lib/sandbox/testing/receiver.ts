import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyBodySignature } from "@/lib/meta/signature";

export type Received = { rawBody: string; signatureValid: boolean; body: unknown };

/**
 * A stand-in for the hub's webhook route in tests: a real HTTP server that checks
 * X-Hub-Signature-256 against the app secret and answers with the status the test scripts.
 */
export async function startWebhookReceiver(secret: string) {
  const received: Received[] = [];
  let failNext = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const signatureValid = verifyBodySignature(
      rawBody,
      req.headers["x-hub-signature-256"] as string,
      secret,
    );
    if (failNext > 0) {
      failNext--;
      res.statusCode = 503;
      res.end();
      return;
    }
    received.push({ rawBody, signatureValid, body: JSON.parse(rawBody) });
    res.statusCode = signatureValid ? 200 : 401;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/meta`,
    received,
    /** The next `n` POSTs get a 503 (to exercise retries). */
    failNext: (n: number) => {
      failNext = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
