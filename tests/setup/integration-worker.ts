import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../../src/cli/lib/databases";

/**
 * Each test file gets its own database cloned from the migrated template, so files run in
 * parallel and never see each other's rows or anything a previous run left behind.
 */
const serverUrl = inject("pgServerUrl");
const name = uniqueDatabaseName("vpc_it");
process.env.DATABASE_URL = await createDatabase(serverUrl, name, { template: inject("templateDb") });
process.env.NEXTAUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.DB_POOL_MAX ??= "20";
// forbidden() is behind next.config's experimental.authInterrupts, which Next exposes as this env var.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

afterAll(async () => {
  const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
  for (const h of hooks) await h();
  await dropDatabase(serverUrl, name);
});
