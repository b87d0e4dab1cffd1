import { z } from "zod";

/**
 * The hub's environment, parsed once. Code imports `env`, never `process.env`.
 *
 * HUB_MODE decides how strict we are: `production` refuses to start without real secrets;
 * `demo`, `development` and `test` fall back to fixed, clearly-unsafe defaults so one command
 * starts a working hub.
 */
export const hubModes = ["production", "demo", "development", "test"] as const;
export type HubMode = (typeof hubModes)[number];

// Fixed on purpose: demo/dev/test data (tokens encrypted with it) must survive restarts.
const INSECURE_DEV_SECRET = "coex-hub-insecure-development-secret-do-not-use-in-production";
const INSECURE_DEV_ENCRYPTION_KEY = "Y29leC1odWItZGV2LWVuY3J5cHRpb24ta2V5LTMyYiE="; // 32 bytes, base64

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const base64Key32 = z.string().refine((value) => Buffer.from(value, "base64").length === 32, {
  message: "must be 32 bytes, base64-encoded (generate one with `openssl rand -base64 32`)",
});

const rawSchema = z.object({
  HUB_MODE: z.enum(hubModes).optional(),
  NODE_ENV: z.string().optional(),
  NEXT_PHASE: z.string().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: z.string().min(1).optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),

  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: base64Key32.optional(),
  SEED_DEMO: booleanFlag.optional(),
  SANDBOX: booleanFlag.optional(),
  // Production refuses the sandbox and the demo seed unless one of these says it on purpose.
  UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION: booleanFlag.optional(),
  UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION: booleanFlag.optional(),

  META_GRAPH_BASE_URL: z.url().optional(),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v25.0")
    .default("v25.0"),
  META_APP_ID: z.string().min(1).optional(),
  META_APP_SECRET: z.string().min(1).optional(),
  META_CONFIG_ID: z.string().min(1).optional(),
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(1).optional(),

  FORWARDING_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(168),
  FORWARDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // Lets forwarding URLs be http and reach private/loopback addresses (SSRF rule off).
  FORWARDING_ALLOW_PRIVATE_TARGETS: booleanFlag.optional(),
  SANDBOX_WEBHOOK_URL: z.url().optional(),
  // Batch claim loops per process processing webhook events (lib/ingest/queue).
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // Where a web process runs its background work (processing, pricing, health, forwarding):
  // `on` on its own thread (the main thread with the embedded database), `main-thread` on the
  // thread that answers requests, `off` nowhere: separate `npm run worker` processes do it.
  WORKERS: z.enum(["on", "main-thread", "off"]).default("on"),
  // The jobs thread's nice value (Linux): higher lets the answers to Meta go first when both
  // want the CPU. 5 kept a burst's processing at 87% of its ack rate on 2 cores (10: 75%, with
  // answers barely faster; 0: 92%, answers slower). bench/README.md has the runs.
  JOBS_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(5),
  // New onboarding sessions the public page takes per IP address per 10 minutes.
  ONBOARDING_SESSIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  // Benchmarks only: the webhook route checks the signature and answers without writing.
  WEBHOOK_NOOP: booleanFlag.optional(),
});

export type Env = ReturnType<typeof parseEnv>;

// The sandbox's defaults are printed in this repository: anyone could sign webhooks with them.
const SANDBOX_APP_SECRET = "sandbox-app-secret";
const SANDBOX_VERIFY_TOKEN = "sandbox-verify-token";

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

function modeFrom(raw: z.infer<typeof rawSchema>): HubMode {
  if (raw.HUB_MODE) return raw.HUB_MODE;
  if (raw.NODE_ENV === "production") return "production";
  if (raw.NODE_ENV === "test") return "test";
  return "development";
}

/** Everything production refuses, each problem naming the variable to fix. */
function productionProblems(raw: z.infer<typeof rawSchema>): string[] {
  const problems = (["AUTH_SECRET", "ENCRYPTION_KEY"] as const)
    .filter((name) => !raw[name])
    .map((name) => `${name} is required when HUB_MODE is production`);
  if (raw.WEBHOOK_NOOP) {
    problems.push("WEBHOOK_NOOP drops webhooks and is refused when HUB_MODE is production");
  }
  if (raw.SANDBOX && !raw.UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION) {
    problems.push(
      "SANDBOX=true lets anyone play Meta and is refused when HUB_MODE is production " +
        "(UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION=true forces it)",
    );
  }
  if (raw.SEED_DEMO && !raw.UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION) {
    problems.push(
      "SEED_DEMO=true creates accounts with published passwords and is refused when HUB_MODE " +
        "is production (UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION=true forces it)",
    );
  }
  // Never accepted, whatever is forced: the sandbox's public defaults, given or defaulted.
  const publicDefaults = [
    ["META_APP_SECRET", raw.META_APP_SECRET, SANDBOX_APP_SECRET],
    ["META_WEBHOOK_VERIFY_TOKEN", raw.META_WEBHOOK_VERIFY_TOKEN, SANDBOX_VERIFY_TOKEN],
  ] as const;
  for (const [name, given, sandboxDefault] of publicDefaults) {
    if ((given ?? (raw.SANDBOX ? sandboxDefault : undefined)) === sandboxDefault) {
      problems.push(
        `${name} must be your own value, not the sandbox's public "${sandboxDefault}", when HUB_MODE is production`,
      );
    }
  }
  return problems;
}

/** Parses an environment record; exported for tests, the app uses `env`. */
export function parseEnv(source: Record<string, string | undefined>) {
  // `FOO=` in an env file means "not set", not "set to the empty string".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = rawSchema.safeParse(present);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const mode = modeFrom(raw);
  const strict = mode === "production" && raw.NEXT_PHASE !== "phase-production-build";

  if (strict) {
    const problems = productionProblems(raw);
    if (problems.length > 0) throw new EnvError(problems);
  }

  const sandbox = raw.SANDBOX ?? mode !== "production";
  const appUrl = raw.APP_URL ?? `http://localhost:${raw.PORT}`;

  return {
    mode,
    isProduction: mode === "production",
    port: raw.PORT,
    appUrl,
    logLevel: raw.LOG_LEVEL,
    databaseUrl: raw.DATABASE_URL,
    pgliteDir: raw.PGLITE_DIR,
    authSecret: raw.AUTH_SECRET ?? INSECURE_DEV_SECRET,
    encryptionKey: Buffer.from(raw.ENCRYPTION_KEY ?? INSECURE_DEV_ENCRYPTION_KEY, "base64"),
    seedDemo: raw.SEED_DEMO ?? mode === "demo",
    sandbox,
    forwarding: {
      // Retries stop once an event is this old (7 days by default).
      maxAgeMs: raw.FORWARDING_MAX_AGE_HOURS * 60 * 60 * 1000,
      timeoutMs: raw.FORWARDING_TIMEOUT_MS,
      // Off in production unless set: partner URLs must be https to public addresses there.
      allowPrivateTargets: raw.FORWARDING_ALLOW_PRIVATE_TARGETS ?? mode !== "production",
    },
    // Where the sandbox delivers the webhooks it plays for Meta (the hub's own route by default).
    sandboxWebhookUrl: raw.SANDBOX_WEBHOOK_URL ?? `${appUrl}/api/webhooks/meta`,
    webhookNoop: raw.WEBHOOK_NOOP ?? false,
    ingestConcurrency: raw.INGEST_CONCURRENCY,
    workers: raw.WORKERS,
    jobsThreadNice: raw.JOBS_THREAD_NICE,
    onboardingSessionsPerIp: raw.ONBOARDING_SESSIONS_PER_IP,
    meta: {
      // In sandbox mode the hub plays Meta itself, so the Graph client talks to our own origin.
      graphBaseUrl:
        raw.META_GRAPH_BASE_URL ??
        (sandbox ? `${appUrl}/sandbox/graph` : "https://graph.facebook.com"),
      graphVersion: raw.META_GRAPH_VERSION,
      appId: raw.META_APP_ID ?? (sandbox ? "sandbox-app" : undefined),
      appSecret: raw.META_APP_SECRET ?? (sandbox ? SANDBOX_APP_SECRET : undefined),
      configId: raw.META_CONFIG_ID ?? (sandbox ? "sandbox-config" : undefined),
      webhookVerifyToken:
        raw.META_WEBHOOK_VERIFY_TOKEN ?? (sandbox ? SANDBOX_VERIFY_TOKEN : undefined),
    },
  };
}

const globalForEnv = globalThis as unknown as { __coexEnv?: Env };

/** The validated environment of this process (parsed on first use). */
export function getEnv(): Env {
  globalForEnv.__coexEnv ??= parseEnv(process.env);
  return globalForEnv.__coexEnv;
}

/** Drops the cached environment; tests that change process.env call it. */
export function resetEnvForTests() {
  globalForEnv.__coexEnv = undefined;
}
