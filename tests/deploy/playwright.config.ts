import { defineConfig } from "@playwright/test";
import { chromiumArgs } from "../playwright.config";

/**
 * `npm run test:deploy`'s browser half: tests/deploy/run.ts starts the topology (nginx with TLS in
 * front of two app instances, coturn, a private PostgreSQL) and passes its addresses in DEPLOY_*.
 * One worker, files in order: the fault drills (drill-*.spec.ts) restart PostgreSQL and kill an
 * instance, so they run last.
 */
export default defineConfig({
  testDir: ".",
  testMatch: /\.spec\.ts$/,
  outputDir: "../.artifacts/deploy/playwright-output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Bounds, not waits (as in tests/playwright.config.ts): every step waits on a state.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.DEPLOY_BASE_URL,
    ignoreHTTPSErrors: true,
    trace: "retain-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
  },
});
