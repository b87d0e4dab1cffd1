// Static files and Meta's webhook route skip proxy.ts, which sets the security headers of
// everything else (lib/security/headers.ts): these are the same headers, minus what depends on
// the runtime (HSTS, the per-response nonce).
const staticHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
  { key: "X-Frame-Options", value: "DENY" },
];
const lockedDownCsp = {
  key: "Content-Security-Policy",
  value: "default-src 'none'; frame-ancestors 'none'",
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its WASM and data files beside its JS; bundling it copies ~40 MB into .next/static.
  serverExternalPackages: ["@electric-sql/pglite", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      { source: "/api/webhooks/:path*", headers: [...staticHeaders, lockedDownCsp] },
      { source: "/_next/:path*", headers: staticHeaders },
      { source: "/:file(favicon\\.ico|.*\\.(?:svg|png|ico))", headers: staticHeaders },
    ];
  },
};

export default nextConfig;
