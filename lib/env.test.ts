import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const validKey = Buffer.alloc(32, 7).toString("base64");

describe("parseEnv", () => {
  it("places background work on a thread by default, and refuses placements it does not know", () => {
    expect(parseEnv({ HUB_MODE: "demo" })).toMatchObject({ workers: "on", jobsThreadNice: 5 });
    expect(parseEnv({ HUB_MODE: "demo", WORKERS: "main-thread" }).workers).toBe("main-thread");
    expect(parseEnv({ HUB_MODE: "demo", JOBS_THREAD_NICE: "0" }).jobsThreadNice).toBe(0);
    expect(() => parseEnv({ HUB_MODE: "demo", WORKERS: "yes" })).toThrowError(/WORKERS/);
    expect(() => parseEnv({ HUB_MODE: "demo", JOBS_THREAD_NICE: "20" })).toThrowError(
      /JOBS_THREAD_NICE/,
    );
  });

  it("refuses to start in production without AUTH_SECRET and ENCRYPTION_KEY, naming both", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(EnvError);
    try {
      parseEnv({ NODE_ENV: "production" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("AUTH_SECRET is required");
      expect(message).toContain("ENCRYPTION_KEY is required");
    }
  });

  it("names only the variable that is missing", () => {
    expect(() => parseEnv({ HUB_MODE: "production", AUTH_SECRET: "s".repeat(40) })).toThrowError(
      /ENCRYPTION_KEY is required when HUB_MODE is production/,
    );
  });

  it("refuses private forwarding targets in production unless FORWARDING_ALLOW_PRIVATE_TARGETS says so", () => {
    const production = {
      HUB_MODE: "production",
      AUTH_SECRET: "s".repeat(40),
      ENCRYPTION_KEY: validKey,
    };
    expect(parseEnv(production).forwarding.allowPrivateTargets).toBe(false);
    expect(
      parseEnv({ ...production, FORWARDING_ALLOW_PRIVATE_TARGETS: "true" }).forwarding
        .allowPrivateTargets,
    ).toBe(true);
    expect(parseEnv({ HUB_MODE: "demo" }).forwarding.allowPrivateTargets).toBe(true);
    expect(
      parseEnv({ HUB_MODE: "development", FORWARDING_ALLOW_PRIVATE_TARGETS: "false" }).forwarding
        .allowPrivateTargets,
    ).toBe(false);
  });

  it("lets `next build` run without production secrets", () => {
    const env = parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" });
    expect(env.mode).toBe("production");
  });

  it("starts in production with real secrets, the sandbox off and Meta's Graph host", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      AUTH_SECRET: "s".repeat(40),
      ENCRYPTION_KEY: validKey,
    });
    expect(env.isProduction).toBe(true);
    expect(env.sandbox).toBe(false);
    expect(env.meta.graphBaseUrl).toBe("https://graph.facebook.com");
    expect(env.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("gives demo mode working defaults: secrets, sandbox, seeding, Graph on our own origin", () => {
    const env = parseEnv({ HUB_MODE: "demo", PORT: "4000" });
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.encryptionKey).toHaveLength(32);
    expect(env.sandbox).toBe(true);
    expect(env.seedDemo).toBe(true);
    expect(env.meta.graphBaseUrl).toBe("http://localhost:4000/sandbox/graph");
  });

  it("uses PGlite under .data unless DATABASE_URL is set", () => {
    expect(parseEnv({}).databaseUrl).toBeUndefined();
    expect(parseEnv({}).pgliteDir).toBe(".data/pglite");
    expect(parseEnv({ DATABASE_URL: "postgres://db/x" }).databaseUrl).toBe("postgres://db/x");
  });

  it("treats empty values from an env file as unset", () => {
    const env = parseEnv({ HUB_MODE: "", DATABASE_URL: "", SANDBOX: "" });
    expect(env.mode).toBe("development");
    expect(env.databaseUrl).toBeUndefined();
    expect(env.sandbox).toBe(true);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => parseEnv({ ENCRYPTION_KEY: "short" })).toThrowError(
      /ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(() => parseEnv({ META_GRAPH_VERSION: "25" })).toThrowError(/META_GRAPH_VERSION/);
    expect(() => parseEnv({ SANDBOX: "maybe" })).toThrowError(/SANDBOX/);
  });
});

describe("parseEnv in production: unsafe settings", () => {
  const secrets = { HUB_MODE: "production", AUTH_SECRET: "s".repeat(40), ENCRYPTION_KEY: validKey };
  const ownMeta = { META_APP_SECRET: "our-own-app-secret", META_WEBHOOK_VERIFY_TOKEN: "our-token" };

  it("refuses SANDBOX=true unless UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION says so", () => {
    expect(() => parseEnv({ ...secrets, ...ownMeta, SANDBOX: "true" })).toThrowError(
      /SANDBOX=true .* refused .*UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION=true/,
    );
    const forced = parseEnv({
      ...secrets,
      ...ownMeta,
      SANDBOX: "true",
      UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION: "true",
    });
    expect(forced.sandbox).toBe(true);
    expect(forced.meta.appSecret).toBe("our-own-app-secret");
  });

  it("refuses the demo seed unless UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION says so", () => {
    expect(() => parseEnv({ ...secrets, SEED_DEMO: "true" })).toThrowError(
      /SEED_DEMO=true .* refused .*UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION=true/,
    );
    expect(
      parseEnv({ ...secrets, SEED_DEMO: "true", UNSAFE_ALLOW_DEMO_SEED_IN_PRODUCTION: "1" })
        .seedDemo,
    ).toBe(true);
  });

  it("never accepts the sandbox's public app secret or verify token, even when forced", () => {
    const forcedSandbox = {
      ...secrets,
      SANDBOX: "true",
      UNSAFE_ALLOW_SANDBOX_IN_PRODUCTION: "true",
    };
    // Defaulted by the sandbox.
    expect(() => parseEnv(forcedSandbox)).toThrowError(/META_APP_SECRET must be your own value/);
    expect(() => parseEnv(forcedSandbox)).toThrowError(/META_WEBHOOK_VERIFY_TOKEN must be/);
    // Given explicitly, sandbox or not.
    expect(() => parseEnv({ ...secrets, META_APP_SECRET: "sandbox-app-secret" })).toThrowError(
      /META_APP_SECRET must be your own value, not the sandbox's public "sandbox-app-secret"/,
    );
    expect(() =>
      parseEnv({ ...forcedSandbox, ...ownMeta, META_APP_SECRET: "sandbox-app-secret" }),
    ).toThrowError(/META_APP_SECRET/);
  });

  it("still lets demo and test modes use the sandbox's defaults", () => {
    expect(parseEnv({ HUB_MODE: "test", SANDBOX: "true" }).meta.appSecret).toBe(
      "sandbox-app-secret",
    );
  });
});
