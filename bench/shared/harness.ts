/**
 * What the read benchmarks share: a throwaway database the real code runs against, percentile
 * timing of a real lib function, and EXPLAIN summaries. Run under `tsx --conditions=react-server`
 * so `server-only` imports resolve as they do in the server build.
 */
import { cpus, loadavg, totalmem } from "node:os";
import postgres from "postgres";
import { createThrowawayDatabase } from "../../db/testing/database";

export const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The scale knob: BENCH_MESSAGES (default 1,000,000). */
export function messageScale(fallback = 1_000_000): number {
  const value = Number(process.env.BENCH_MESSAGES ?? fallback);
  if (!Number.isInteger(value) || value < 1000) {
    throw new Error("BENCH_MESSAGES must be an integer >= 1000");
  }
  return value;
}

/**
 * A fresh migrated database; the process's own lib code (getDb) points at it. Returns a raw
 * postgres.js client for seeding and EXPLAIN, and a cleanup that drops the database.
 */
export async function openBenchDatabase(label: string) {
  const database = await createThrowawayDatabase(serverUrl, label);
  process.env.DATABASE_URL = database.url;
  process.env.HUB_MODE = "test";
  process.env.LOG_LEVEL ??= "warn";
  const { getDatabase, closeDatabase } = await import("../../db");
  const { migrateDatabase } = await import("../../db/migrate");
  await migrateDatabase(getDatabase());
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  let dropped = false;
  const cleanup = async () => {
    if (dropped) return;
    dropped = true;
    await closeDatabase().catch(() => {});
    await sql.end({ timeout: 5 }).catch(() => {});
    // BENCH_KEEP=1 leaves the database for a look with psql (drop it by hand after).
    if (process.env.BENCH_KEEP === "1") console.log(`[bench] kept database ${database.name}`);
    else await database.drop();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  return { name: database.name, sql, cleanup };
}

export function machineLine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} x ${cpus()[0]?.model} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · load ${one!.toFixed(1)}/${five!.toFixed(1)} (1/5 min)`;
}

export type Timing = { label: string; runs: number; p50: number; p95: number; max: number };

/** The nearest-rank percentile `p` (0-100) of ascending values. */
export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Calls `fn` `warmup` times unmeasured, then `runs` times one after another; ms percentiles. */
export async function measure(
  label: string,
  fn: (run: number) => Promise<unknown>,
  { runs = Number(process.env.BENCH_RUNS ?? 40), warmup = 3 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    runs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1)!,
  };
}

export function printTimings(timings: Timing[], targetMs: number) {
  console.log(
    `${"read".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}  target`,
  );
  for (const t of timings) {
    console.log(
      `${t.label.padEnd(44)} ${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ${t.max.toFixed(1).padStart(8)}  ${t.p95 < targetMs ? "ok" : `MISSED (p95 >= ${targetMs})`}`,
    );
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a statement the lib code sends, reduced to what proves the plan:
 * the scan nodes (index or sequential, on which relation) and the execution time.
 */
export async function explainSummary(sql: postgres.Sql, statement: string, params: unknown[]) {
  const rows = await sql.unsafe(
    `explain (analyze, buffers, format text) ${statement}`,
    params as postgres.ParameterOrJSON<never>[],
  );
  const lines = rows.map((r) => String(r["QUERY PLAN"]));
  const scans = lines
    .map((l) => l.trim().replace(/^->\s*/, ""))
    .filter((l) => /Scan|Index|Execution Time/.test(l) && !l.startsWith("Buffers"))
    .map((l) => l.replace(/\s*\(cost=[^)]*\)/, "").replace(/\s*\(actual time=[^)]*\)/, ""));
  const seq = scans.filter((l) => l.startsWith("Seq Scan"));
  return { scans, seqScans: seq, plan: lines };
}

type Captured = { query: string; params: unknown[] };
type Unsafe = (this: unknown, query: string, params: unknown[], ...rest: unknown[]) => unknown;

/**
 * Runs `fn` once and returns the statements the lib code sent, as sent (SQL text and
 * parameters): drizzle's postgres.js session calls `client.unsafe`, which is wrapped meanwhile.
 */
export async function captureQueries(fn: () => Promise<unknown>): Promise<Captured[]> {
  const { getDb } = await import("../../db");
  const client = (getDb() as unknown as { session: { client: { unsafe: Unsafe } } }).session.client;
  const original = client.unsafe;
  const captured: Captured[] = [];
  client.unsafe = function (this: unknown, query: string, params: unknown[], ...rest: unknown[]) {
    captured.push({ query, params: params ?? [] });
    return original.call(this, query, params, ...rest);
  };
  try {
    await fn();
  } finally {
    client.unsafe = original;
  }
  return captured;
}

/**
 * Prints each statement's scans and time; returns the sequential scans per table. A scan of
 * the tables that grow with traffic (messages, message_costs) is a failure; a small table
 * (contacts: 20,000 rows) may be hash-joined whole when the planner finds that cheaper.
 */
export async function printPlans(
  sql: postgres.Sql,
  label: string,
  fn: () => Promise<unknown>,
  { verbose = false } = {},
): Promise<Record<string, number>> {
  const statements = await captureQueries(fn);
  console.log(`\nEXPLAIN ANALYZE · ${label} (${statements.length} statements)`);
  const seq: Record<string, number> = {};
  for (const [i, s] of statements.entries()) {
    const { scans, plan } = await explainSummary(sql, s.query, s.params);
    const first = s.query.replace(/\s+/g, " ").trim().slice(0, 90);
    console.log(`  [${i + 1}] ${first}...`);
    for (const line of scans) console.log(`      ${line}`);
    for (const line of scans) {
      const m = /^Seq Scan on (\w+)/.exec(line);
      if (m) seq[m[1]!] = (seq[m[1]!] ?? 0) + 1;
    }
    if (verbose) for (const line of plan) console.log(`        | ${line}`);
  }
  return seq;
}
