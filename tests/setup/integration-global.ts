import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "../../src/cli/lib/databases";
import { applyMigrations } from "../../src/cli/lib/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
  }
}

/** Once per run: a template database built from the real migrations; workers clone it. */
export default async function setup(project: TestProject) {
  const server = await resolvePostgresServer();
  const templateDb = uniqueDatabaseName("vpc_it_tpl");
  const url = await createDatabase(server.serverUrl, templateDb);
  await applyMigrations(url);
  project.provide("pgServerUrl", server.serverUrl);
  project.provide("templateDb", templateDb);
  return async () => {
    await dropDatabase(server.serverUrl, templateDb);
    await server.stop();
  };
}
