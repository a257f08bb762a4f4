import { defineConfig, devices } from "@playwright/test";

/**
 * E2E in Debian's Chromium (never a downloaded browser) against the production build, with two
 * app instances on one database (E2E_PORT and E2E_PORT+1) to prove that nothing shared lives
 * in process memory. Started by tests/run-all.ts, which creates and seeds the database.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const port2 = port + 1;
const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
const secret = "e2e-secret-0123456789abcdef0123456789abcdef";

/** Debian Chromium's launch flags (also used by tests/deploy/playwright.config.ts). */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
];

const server = (p: number) => ({
  command: `node --import tsx src/cli/start.ts`,
  cwd: "..",
  url: `http://127.0.0.1:${p}/api/health`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  env: {
    DATABASE_URL: databaseUrl,
    PORT: String(p),
    HOST: "127.0.0.1",
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: `http://localhost:${p}`,
    // Tests stand in for different client IPs with X-Forwarded-For, as a reverse proxy would.
    TRUST_PROXY: "1",
    VPC_QUIET_LOGS: "1",
    VPC_E2E: "1",
    VPC_NO_BUILD: "1",
    // Video: signal only 127.0.0.1 ICE candidates so test media never leaves loopback.
    VIDEO_LOOPBACK_ONLY: "1",
  },
});

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.artifacts/playwright-output",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  // Bounds, not waits: every step waits on a state and passes as soon as it holds. They are sized
  // for a loaded 2-core machine (issue 10: the suite must pass with a CPU hog running).
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs } },
    },
  ],
  webServer: [server(port), server(port2)],
  metadata: { secondInstance: `http://localhost:${port2}` },
});
