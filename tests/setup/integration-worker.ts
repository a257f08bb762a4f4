import { afterAll, inject } from "vitest";
import { dropDatabase, uniqueDatabaseName } from "../../src/cli/lib/databases";
import { createAppDatabase, TEST_DB_ROLES } from "../../src/cli/lib/db-roles";

/**
 * Each test file gets its own database cloned from the migrated template, so files run in
 * parallel and never see each other's rows or anything a previous run left behind. The app code
 * under test connects as the least-privilege app role (DATABASE_URL); OWNER_DATABASE_URL is the
 * owner's, for the few tests that check what only the owner may do.
 */
const serverUrl = inject("pgServerUrl");
const name = uniqueDatabaseName("vpc_it");
const urls = await createAppDatabase(serverUrl, name, TEST_DB_ROLES, { template: inject("templateDb") });
process.env.DATABASE_URL = urls.appUrl;
process.env.OWNER_DATABASE_URL = urls.ownerUrl;
process.env.NEXTAUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.DB_POOL_MAX ??= "20";
// The race tests queue more calls than the pool has connections; on a busy machine a call may
// wait longer than production's fail-fast 3 s for one. They test outcomes, not speed.
process.env.DB_CONNECT_TIMEOUT_MS ??= "60000";
// forbidden() is behind next.config's experimental.authInterrupts, which Next exposes as this env var.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

afterAll(async () => {
  const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
  for (const h of hooks) await h();
  await dropDatabase(serverUrl, name);
});
