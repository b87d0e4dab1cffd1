import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, staticSecurityHeaders } from "./headers";

const directive = (csp: string, name: string) =>
  csp
    .split("; ")
    .find((d) => d.startsWith(`${name} `) || d === name)
    ?.split(" ")
    .slice(1) ?? null;

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, never inline, eval or other frames around us", () => {
    const csp = contentSecurityPolicy("abc", {
      production: false,
      development: false,
      sandbox: true,
    });
    expect(directive(csp, "script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(directive(csp, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(csp, "object-src")).toEqual(["'none'"]);
    expect(directive(csp, "connect-src")).toEqual(["'self'"]);
    expect(directive(csp, "upgrade-insecure-requests")).toBeNull();
  });

  it("lets Meta's SDK load, connect and frame when the sandbox is off; upgrades in production", () => {
    const csp = contentSecurityPolicy("n", {
      production: true,
      development: false,
      sandbox: false,
    });
    expect(directive(csp, "script-src")).toContain("https://connect.facebook.net");
    expect(directive(csp, "frame-src")).toContain("https://*.facebook.com");
    expect(directive(csp, "upgrade-insecure-requests")).toEqual([]);
  });

  it("adds unsafe-eval for next dev only", () => {
    const dev = contentSecurityPolicy("n", { production: false, development: true, sandbox: true });
    expect(directive(dev, "script-src")).toContain("'unsafe-eval'");
  });
});

describe("staticSecurityHeaders and createNonce", () => {
  it("sends HSTS in production only", () => {
    expect(staticSecurityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(
      /max-age=\d+/,
    );
    expect(
      staticSecurityHeaders({ production: false })["Strict-Transport-Security"],
    ).toBeUndefined();
  });

  it("makes a different 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    expect(Buffer.from(createNonce(), "base64")).toHaveLength(16);
  });
});
