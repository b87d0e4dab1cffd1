import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import {
  type HostLookup,
  ipLiteralOf,
  isPublicAddress,
  REFUSED_TARGET_MESSAGE,
  type TargetPolicy,
} from "./target-policy";

/** Why a POST got no HTTP answer: for the server log only; partners see one message for all. */
export type NoAnswerReason = "refused_target" | "connect_failed" | "timeout";

export class NoAnswerError extends Error {
  constructor(
    readonly reason: NoAnswerReason,
    detail: string,
  ) {
    super(detail);
    this.name = "NoAnswerError";
  }
}

/**
 * A lookup for the sockets that refuses non-public answers: the address actually connected to
 * is checked, so a host that resolved to a public address when saved and to 127.0.0.1 now is
 * refused (DNS rebinding).
 */
function guardedLookup(resolve?: HostLookup, guard = true): LookupFunction {
  return (hostname, options, callback) => {
    const answer = (error: Error | null, addresses: LookupAddress[]) => {
      if (error) return callback(error as NodeJS.ErrnoException, "", 0);
      const refused =
        guard && (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address)));
      if (refused) {
        return callback(
          new NoAnswerError("refused_target", `${hostname} resolves to a non-public address`),
          "",
          0,
        );
      }
      if (options.all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    };
    if (resolve) {
      resolve(hostname).then(
        (addresses) => answer(null, addresses),
        (error: Error) => answer(error, []),
      );
    } else {
      dnsLookup(hostname, { all: true, verbatim: true }, answer);
    }
  };
}

// Kept-alive connections: at hundreds of deliveries a second a new TLS handshake per POST would
// be most of the cost. One pair of agents per policy (tests inject their own lookup).
const agents = new Map<string, { http: http.Agent; https: https.Agent }>();
function agentsFor(policy: TargetPolicy) {
  const key = policy.lookup ? "" : String(policy.allowPrivate);
  const cached = key ? agents.get(key) : undefined;
  if (cached) return cached;
  const lookup = policy.allowPrivate
    ? policy.lookup && guardedLookup(policy.lookup, false)
    : guardedLookup(policy.lookup);
  const options = { keepAlive: true, maxSockets: 64, lookup };
  const pair = { http: new http.Agent(options), https: new https.Agent(options) };
  if (key) agents.set(key, pair);
  return pair;
}

/**
 * POSTs a body and answers with the HTTP status, never following redirects. Throws NoAnswerError
 * when there is no HTTP answer (refused target, connection failure, deadline passed).
 */
export function postForwarding({
  url,
  headers,
  body,
  timeoutMs,
  policy,
}: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: TargetPolicy;
}): Promise<number> {
  const target = new URL(url);
  if (!policy.allowPrivate) {
    // Sockets skip the lookup for IP literals, so those are checked here.
    const literal = ipLiteralOf(target.hostname);
    if (target.protocol !== "https:" || (literal && !isPublicAddress(literal))) {
      return Promise.reject(new NoAnswerError("refused_target", REFUSED_TARGET_MESSAGE));
    }
  }
  const secure = target.protocol === "https:";
  const agent = agentsFor(policy)[secure ? "https" : "http"];
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(target, {
      method: "POST",
      agent,
      headers: { ...headers, "Content-Length": Buffer.byteLength(body) },
    });
    const deadline = setTimeout(() => {
      request.destroy(new NoAnswerError("timeout", `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on("response", (response) => {
      // The answer's body is not used: drain it so the connection goes back to the pool.
      response.resume();
      response.on("end", () => clearTimeout(deadline));
      response.on("error", () => clearTimeout(deadline));
      resolve(response.statusCode ?? 0);
    });
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(
        error instanceof NoAnswerError ? error : new NoAnswerError("connect_failed", error.message),
      );
    });
    request.end(body);
  });
}
