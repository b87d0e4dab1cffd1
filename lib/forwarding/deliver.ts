import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channelWebhooks, type ForwardingDelivery } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { getSigningSecrets } from "@/lib/partners/settings";
import { NoAnswerError, postForwarding } from "./http";
import { nextAttemptAt, signatureHeaders } from "./signing";
import { forwardingPolicy } from "./targets";

export type AttemptOutcome = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};

/**
 * What a partner reads when no HTTP answer came: the same words for a refused address, a refused
 * connection and a timeout, so the log and the test button do not map the hub's network.
 */
export const noAnswerMessage = (timeoutMs: number) =>
  `No HTTP answer from the destination (refused, unreachable or no answer within ${timeoutMs} ms)`;

/**
 * Signing secrets per partner and custom headers per channel, read once per short window rather
 * than once per delivery. A second of staleness is harmless: after a rotation the previous secret
 * stays valid for a day, and a header change applies to the next window.
 */
export class SendContext {
  private secrets = new Map<string, { at: number; value: Promise<string[]> }>();
  private headers = new Map<string, { at: number; value: Promise<Record<string, string>> }>();
  constructor(private readonly ttlMs = 1_000) {}

  secretsFor(partnerId: string, now: Date) {
    return this.cached(this.secrets, partnerId, () => getSigningSecrets({ partnerId, now }));
  }

  /** Loads the headers of many channels in one query (a claimed batch). */
  async preloadHeaders(channelIds: string[]) {
    const missing = channelIds.filter((id) => !this.fresh(this.headers.get(id)));
    if (missing.length === 0) return;
    const rows = getDb()
      .select({ channelId: channelWebhooks.channelId, encrypted: channelWebhooks.headersEncrypted })
      .from(channelWebhooks)
      .where(inArray(channelWebhooks.channelId, [...new Set(missing)]));
    for (const id of missing) {
      this.headers.set(id, {
        at: Date.now(),
        value: rows.then((all) => decodeHeaders(all.find((r) => r.channelId === id)?.encrypted)),
      });
    }
  }

  headersFor(delivery: ForwardingDelivery): Promise<Record<string, string>> {
    if (delivery.kind !== "channel" || !delivery.channelId) return Promise.resolve({});
    const channelId = delivery.channelId;
    return this.cached(this.headers, channelId, async () => {
      const [row] = await getDb()
        .select({ encrypted: channelWebhooks.headersEncrypted })
        .from(channelWebhooks)
        .where(eq(channelWebhooks.channelId, channelId));
      return decodeHeaders(row?.encrypted);
    });
  }

  private fresh(entry?: { at: number }) {
    return entry !== undefined && Date.now() - entry.at < this.ttlMs;
  }

  private cached<T>(
    map: Map<string, { at: number; value: Promise<T> }>,
    key: string,
    load: () => Promise<T>,
  ) {
    const entry = map.get(key);
    if (entry && this.fresh(entry)) return entry.value;
    const value = load();
    map.set(key, { at: Date.now(), value });
    // A failed read is not kept: the next delivery reads again.
    value.catch(() => map.delete(key));
    return value;
  }
}

function decodeHeaders(encrypted: string | null | undefined): Record<string, string> {
  if (!encrypted) return {};
  return JSON.parse(decryptSecret(encrypted, getEnv().encryptionKey)) as Record<string, string>;
}

/** One HTTP attempt, with the timeout; records the outcome and schedules a retry or gives up. */
export async function attemptDelivery(
  delivery: ForwardingDelivery,
  now = new Date(),
  {
    context = new SendContext(),
    policy = forwardingPolicy(),
    record = recordOutcome,
  }: {
    context?: SendContext;
    policy?: ReturnType<typeof forwardingPolicy>;
    record?: RecordOutcome;
  } = {},
): Promise<AttemptOutcome> {
  const env = getEnv();
  const secrets = await context.secretsFor(delivery.partnerId, now);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let outcome: AttemptOutcome;
  if (secrets.length === 0) {
    outcome = {
      ok: false,
      statusCode: null,
      latencyMs: 0,
      error: "No partner secret: create one in Settings",
    };
  } else {
    try {
      const status = await postForwarding({
        url: delivery.url,
        headers: {
          ...(await context.headersFor(delivery)),
          "Content-Type": "application/json",
          "User-Agent": "CoexHub-Forwarder/1",
          "X-Coex-Event": delivery.event,
          "X-Coex-Delivery": delivery.id,
          ...signatureHeaders(delivery.body, secrets, new Date()),
        },
        body: delivery.body,
        timeoutMs: env.forwarding.timeoutMs,
        policy,
      });
      const ok = status >= 200 && status < 300;
      outcome = {
        ok,
        statusCode: status,
        latencyMs: elapsed(),
        error: ok ? null : `HTTP ${status}`,
      };
    } catch (error) {
      // The real reason goes to the server log; the partner reads one message for all.
      getLogger().info(
        {
          deliveryId: delivery.id,
          reason: error instanceof NoAnswerError ? error.reason : "connect_failed",
          detail: (error as Error).message,
        },
        "forwarding: no HTTP answer",
      );
      outcome = {
        ok: false,
        statusCode: null,
        latencyMs: elapsed(),
        error: noAnswerMessage(env.forwarding.timeoutMs),
      };
    }
  }
  await record(delivery, outcome, now);
  return outcome;
}

/** How an attempt's outcome is written: one at a time by default, batched by the worker. */
export type RecordOutcome = (
  delivery: ForwardingDelivery,
  outcome: AttemptOutcome,
  now: Date,
) => Promise<void>;

export const recordOutcome: RecordOutcome = (delivery, outcome, now) =>
  writeOutcomes([settledRow(delivery, outcome, now)]);

/** The delivery's row after an attempt: delivered, due again later, or given up. */
export function settledRow(delivery: ForwardingDelivery, outcome: AttemptOutcome, now: Date) {
  const attempts = delivery.attempts + 1;
  const retryAt = outcome.ok
    ? null
    : nextAttemptAt({
        attempts,
        createdAt: delivery.createdAt,
        now,
        maxAgeMs: getEnv().forwarding.maxAgeMs,
      });
  if (!outcome.ok) {
    getLogger().warn(
      {
        deliveryId: delivery.id,
        partnerId: delivery.partnerId,
        statusCode: outcome.statusCode,
        attempts,
      },
      "forwarding attempt failed",
    );
  }
  return {
    id: delivery.id,
    attempts,
    status: outcome.ok ? "delivered" : retryAt ? "pending" : "failed",
    next_attempt_at: (retryAt ?? delivery.nextAttemptAt).toISOString(),
    last_status_code: outcome.statusCode,
    last_error: outcome.error,
    last_latency_ms: outcome.latencyMs,
    last_attempt_at: now.toISOString(),
    delivered_at: outcome.ok ? now.toISOString() : null,
    first_failed_at:
      (outcome.ok ? delivery.firstFailedAt : (delivery.firstFailedAt ?? now))?.toISOString() ??
      null,
  };
}

export type SettledRow = ReturnType<typeof settledRow>;

/** Writes settled rows with one statement, the rows as one JSON parameter. */
export async function writeOutcomes(rows: SettledRow[]) {
  if (rows.length === 0) return;
  await getDb().execute(sql`
    update forwarding_deliveries d set
      attempts = v.attempts,
      status = v.status::forwarding_delivery_status,
      next_attempt_at = v.next_attempt_at,
      claimed_until = null,
      last_status_code = v.last_status_code,
      last_error = v.last_error,
      last_latency_ms = v.last_latency_ms,
      last_attempt_at = v.last_attempt_at,
      delivered_at = v.delivered_at,
      first_failed_at = v.first_failed_at
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(id uuid, attempts int,
      status text, next_attempt_at timestamptz, last_status_code int, last_error text,
      last_latency_ms int, last_attempt_at timestamptz, delivered_at timestamptz,
      first_failed_at timestamptz)
    where d.id = v.id`);
}
