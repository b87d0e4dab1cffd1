import "server-only";
import { and, asc, eq, gte, inArray, like, lte, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import {
  type SandboxDeliveryAttempt,
  type SandboxFaults,
  type SandboxWebhookDelivery,
  sandboxWebhookDeliveries,
} from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { SIGNATURE_HEADER, signBody } from "@/lib/meta/signature";
import { type Change, envelope } from "./payloads";

/**
 * Webhooks out, as Meta sends them: real HTTP POSTs to the hub's webhook URL, signed with the app
 * secret, retried with backoff on anything but 2xx (bounded), every attempt recorded. Work is
 * claimed from the table with SKIP LOCKED, so several app instances can share it.
 */
export const deliveryPolicy = {
  maxAttempts: 5,
  firstBackoffMs: 250,
  timeoutMs: 5_000,
  /** Real-time gap between consecutive POSTs of one emission (keeps statuses in order by default). */
  spacingMs: 150,
};

export type EmitTarget = {
  wabaId: string;
  phoneNumberId?: string;
  webhookUrl?: string | null;
  faults?: SandboxFaults;
};

/**
 * Queues changes for delivery. By default one POST per change, `spacingMs` apart (plus `delayMs`
 * per change when given). Faults: `batch` puts all changes into one POST (two changes per entry,
 * so both several entries and several changes occur); `shuffle` scrambles the order;
 * `duplicate` sends every POST twice; `spacing_ms` spaces the POSTs out (a slow Meta, so a page
 * can be watched filling up).
 */
export async function emitWebhooks(
  target: EmitTarget,
  changes: (Change & { delayMs?: number })[],
  options: { faults?: SandboxFaults; at: Date; db?: Db } = { at: new Date() },
): Promise<number[]> {
  if (changes.length === 0) return [];
  const faults = { ...target.faults, ...options.faults };
  const time = Math.floor(options.at.getTime() / 1000);
  const url = target.webhookUrl ?? getEnv().sandboxWebhookUrl;
  type Post = { changes: Change[]; delayMs: number };
  let posts: Post[];
  if (faults.batch) {
    posts = [{ changes, delayMs: 0 }];
  } else {
    posts = changes.map((change, index) => ({
      changes: [change],
      delayMs: change.delayMs ?? index * (faults.spacing_ms ?? deliveryPolicy.spacingMs),
    }));
  }
  if (faults.shuffle) {
    const delays = posts.map((post) => post.delayMs);
    // Different order every time: this fault is about the receiver coping with any order.
    posts = posts
      .map((post) => ({ post, key: Math.random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ post }, index) => ({ ...post, delayMs: delays[index]! }));
    if (faults.batch) posts[0]!.changes = [...posts[0]!.changes].sort(() => Math.random() - 0.5);
  }
  if (faults.duplicate)
    posts = posts.flatMap((post) => [post, { ...post, delayMs: post.delayMs + 50 }]);

  const now = Date.now();
  const rows = posts.map((post) => {
    const entries: { wabaId: string; time: number; changes: Change[] }[] = [];
    const perEntry = faults.batch ? 2 : post.changes.length;
    for (let i = 0; i < post.changes.length; i += perEntry) {
      entries.push({ wabaId: target.wabaId, time, changes: post.changes.slice(i, i + perEntry) });
    }
    return {
      phoneNumberId: target.phoneNumberId ?? null,
      wabaId: target.wabaId,
      fields: [...new Set(post.changes.map((change) => change.field))].join(","),
      url,
      body: JSON.stringify(envelope(entries)),
      nextAttemptAt: new Date(now + post.delayMs),
    };
  });
  const inserted = await (options.db ?? getDb())
    .insert(sandboxWebhookDeliveries)
    .values(rows)
    .returning({ id: sandboxWebhookDeliveries.id });
  scheduleDeliveryPump(Math.min(...posts.map((post) => post.delayMs)));
  return inserted.map((row) => row.id);
}

// ---- the pump ---------------------------------------------------------------------------------

type PumpState = { timer?: NodeJS.Timeout; dueAt?: number; running: boolean; again: boolean };
const globalForPump = globalThis as unknown as { __coexSandboxPump?: PumpState };
function pump(): PumpState {
  globalForPump.__coexSandboxPump ??= { running: false, again: false };
  return globalForPump.__coexSandboxPump;
}

/** Runs the pump after `delayMs` (or sooner if already due sooner). */
export function scheduleDeliveryPump(delayMs: number) {
  const state = pump();
  const dueAt = Date.now() + Math.max(0, delayMs);
  if (state.timer && state.dueAt !== undefined && state.dueAt <= dueAt) return;
  if (state.timer) clearTimeout(state.timer);
  state.dueAt = dueAt;
  state.timer = setTimeout(
    () => {
      state.timer = undefined;
      state.dueAt = undefined;
      void runDeliveryPump();
    },
    Math.max(0, delayMs),
  );
  state.timer.unref?.();
}

/** Sends what is due, then schedules itself for the next due delivery. Never throws. */
export async function runDeliveryPump(): Promise<void> {
  const state = pump();
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    do {
      state.again = false;
      while ((await deliverDue()) > 0) {}
    } while (state.again);
    const next = await nextDueAt();
    if (next) scheduleDeliveryPump(next.getTime() - Date.now());
  } catch (error) {
    getLogger().error({ err: error }, "sandbox webhook pump failed");
    scheduleDeliveryPump(1_000);
  } finally {
    state.running = false;
  }
}

async function nextDueAt(): Promise<Date | undefined> {
  const [row] = await getDb()
    .select({ at: sandboxWebhookDeliveries.nextAttemptAt })
    .from(sandboxWebhookDeliveries)
    .where(eq(sandboxWebhookDeliveries.status, "pending"))
    .orderBy(asc(sandboxWebhookDeliveries.nextAttemptAt))
    .limit(1);
  return row?.at;
}

/** Claims and sends one batch of due deliveries; returns how many were attempted. */
export async function deliverDue(limit = 20): Promise<number> {
  const db = getDb();
  // A delivery left in `sending` by a crashed instance is taken up again after a minute.
  await db
    .update(sandboxWebhookDeliveries)
    .set({ status: "pending" })
    .where(
      and(
        eq(sandboxWebhookDeliveries.status, "sending"),
        lte(sandboxWebhookDeliveries.nextAttemptAt, new Date(Date.now() - 60_000)),
      ),
    );
  const claimed = await db
    .update(sandboxWebhookDeliveries)
    .set({ status: "sending" })
    .where(
      inArray(
        sandboxWebhookDeliveries.id,
        sql`(select id from sandbox_webhook_deliveries where status = 'pending' and next_attempt_at <= now() order by next_attempt_at, id limit ${limit} for update skip locked)`,
      ),
    )
    .returning();
  claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  for (const delivery of claimed) await attemptDelivery(delivery);
  return claimed.length;
}

async function attemptDelivery(delivery: SandboxWebhookDelivery) {
  const started = Date.now();
  const attempt: SandboxDeliveryAttempt = { at: new Date(started).toISOString(), ms: 0 };
  const secret = getEnv().meta.appSecret ?? "";
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signBody(delivery.body, secret),
        "user-agent": "facebookexternalua (coex-hub sandbox)",
      },
      body: delivery.body,
      signal: AbortSignal.timeout(deliveryPolicy.timeoutMs),
    });
    attempt.status = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    attempt.error =
      error instanceof Error ? ((error.cause as { code?: string })?.code ?? error.name) : "error";
  }
  attempt.ms = Date.now() - started;
  const attempts = [...delivery.attempts, attempt];
  const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
  const exhausted = attempts.length >= deliveryPolicy.maxAttempts;
  const backoff = deliveryPolicy.firstBackoffMs * 2 ** (attempts.length - 1);
  await getDb()
    .update(sandboxWebhookDeliveries)
    .set({
      attempts,
      status: ok ? "delivered" : exhausted ? "failed" : "pending",
      deliveredAt: ok ? new Date() : null,
      nextAttemptAt: ok || exhausted ? delivery.nextAttemptAt : new Date(Date.now() + backoff),
    })
    .where(eq(sandboxWebhookDeliveries.id, delivery.id));
  if (!ok) {
    getLogger().info(
      {
        deliveryId: delivery.id,
        status: attempt.status,
        error: attempt.error,
        attempts: attempts.length,
      },
      exhausted ? "sandbox webhook gave up" : "sandbox webhook will retry",
    );
  }
}

// ---- reading them back ------------------------------------------------------------------------

export type DeliveryFilter = {
  phoneNumberId?: string;
  wabaId?: string;
  field?: string;
  afterId?: number;
  status?: SandboxWebhookDelivery["status"];
  limit?: number;
};

export async function listDeliveries(filter: DeliveryFilter = {}) {
  const conditions = [
    filter.phoneNumberId
      ? eq(sandboxWebhookDeliveries.phoneNumberId, filter.phoneNumberId)
      : undefined,
    filter.wabaId ? eq(sandboxWebhookDeliveries.wabaId, filter.wabaId) : undefined,
    filter.field ? like(sandboxWebhookDeliveries.fields, `%${filter.field}%`) : undefined,
    filter.afterId ? gte(sandboxWebhookDeliveries.id, filter.afterId + 1) : undefined,
    filter.status ? eq(sandboxWebhookDeliveries.status, filter.status) : undefined,
  ].filter((condition) => condition !== undefined);
  const rows = await getDb()
    .select()
    .from(sandboxWebhookDeliveries)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(sandboxWebhookDeliveries.id))
    .limit(Math.min(filter.limit ?? 200, 1000));
  return rows.map((row) => ({
    id: row.id,
    phoneNumberId: row.phoneNumberId,
    wabaId: row.wabaId,
    fields: row.fields.split(","),
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    body: JSON.parse(row.body) as unknown,
  }));
}

/** Waits until `count` deliveries matching the filter have settled (delivered or failed). */
export async function waitForDeliveries(
  filter: DeliveryFilter & { count: number; timeoutMs?: number },
) {
  const deadline = Date.now() + (filter.timeoutMs ?? 10_000);
  for (;;) {
    const rows = await listDeliveries(filter);
    const settled = rows.filter((row) => row.status === "delivered" || row.status === "failed");
    if (settled.length >= filter.count) return settled;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${filter.count} deliveries (${settled.length} settled of ${rows.length})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
