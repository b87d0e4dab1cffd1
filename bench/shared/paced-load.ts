/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, whatever the answers
 * before it, and its latency counts from when it was due (a request held back by a slow server
 * still counts its wait). For the rate steps of the benches; autocannon stays for "as fast as it
 * goes". autocannon's own `overallRate` sends each connection's share of a second back to back
 * at the start of every second, all connections at once (bursts of the whole second's requests),
 * and corrects for coordinated omission with an expected interval of 1 ms, so its p99 at 250/s
 * measured the queue of a burst, not the route at 250 requests a second.
 */
import { Agent, request } from "node:http";
import { percentile } from "./harness";

export type PacedRequest = { path: string; body: string; headers: Record<string, string> };

export type PacedResult = {
  /** Requests answered 2xx, and the step's length in seconds. */
  ok: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
};

export async function pacedLoad({
  port,
  rate,
  seconds,
  connections,
  next,
  timeoutMs = 10_000,
}: {
  port: number;
  rate: number;
  seconds: number;
  connections: number;
  next: () => PacedRequest;
  timeoutMs?: number;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(agent, port, next(), timeoutMs).then(
        (status) => {
          if (status >= 200 && status < 300) latencies.push(performance.now() - due);
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies.length ? percentile(latencies, p) : 0);
  return {
    ok: latencies.length,
    seconds: elapsed,
    p50: at(50),
    p99: at(99),
    max: at(100),
    errors,
  };
}

function send(agent: Agent, port: number, req: PacedRequest, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path: req.path,
        method: "POST",
        agent,
        headers: { ...req.headers, "content-length": Buffer.byteLength(req.body) },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timeout")));
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}
