import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What a partner's endpoint received. */
export type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

/**
 * A partner's endpoint on a real port (127.0.0.1, tests and the bench): records what arrives and
 * answers with what `answer` says (status, optional delay). Tracks the most requests it had in
 * flight at once.
 */
export async function startReceiver(
  answer: (request: Received) => { status: number; delayMs?: number } = () => ({ status: 200 }),
) {
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = {
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      received.push(entry);
      const { status, delayMs = 0 } = answer(entry);
      const finish = () => {
        inFlight--;
        response.statusCode = status;
        response.end("ok");
      };
      if (delayMs > 0) setTimeout(finish, delayMs);
      else finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    maxInFlight: () => maxInFlight,
    resetMaxInFlight: () => {
      maxInFlight = inFlight;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
