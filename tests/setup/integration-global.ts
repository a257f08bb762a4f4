import type { TestProject } from "vitest/node";
import { dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "../../src/cli/lib/databases";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../../src/cli/lib/db-roles";
import { applyMigrations } from "../../src/cli/lib/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
  }
}

/**
 * Once per run: a template database built from the real migrations by the owner role, with the
 * app role's grants (db-roles.ts); workers clone it and connect as the app role, as production does.
 */
export default async function setup(project: TestProject) {
  const server = await resolvePostgresServer();
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const templateDb = uniqueDatabaseName("vpc_it_tpl");
  const { ownerUrl } = await createAppDatabase(server.serverUrl, templateDb, TEST_DB_ROLES);
  await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
  project.provide("pgServerUrl", server.serverUrl);
  project.provide("templateDb", templateDb);
  return async () => {
    await dropDatabase(server.serverUrl, templateDb);
    await server.stop();
  };
}
