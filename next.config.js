/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its WASM and data files beside its JS; bundling it copies ~40 MB into .next/static.
  serverExternalPackages: ["@electric-sql/pglite", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
