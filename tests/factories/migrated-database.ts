// Scratch databases for migration tests: a fresh database, optionally migrated only up to (not
// including) a given migration, dropped afterwards whatever happens. Shared by the migration
// tests so each states only the data and the expectation of its own migration.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDatabase, dropDatabase, uniqueDatabaseName, type PostgresServer } from "../../src/cli/lib/databases";
import { applyMigrations, defaultMigrationsDir } from "../../src/cli/lib/migrations";

/** Runs fn with `count` fresh empty databases and drops them afterwards, whatever happens. */
export async function withDatabases<T>(
  server: PostgresServer,
  count: number,
  fn: (urls: string[]) => Promise<T>,
  prefix = "vpc_test_mig",
): Promise<T> {
  const names = Array.from({ length: count }, () => uniqueDatabaseName(prefix));
  try {
    const urls: string[] = [];
    for (const name of names) urls.push(await createDatabase(server.serverUrl, name));
    return await fn(urls);
  } finally {
    for (const name of names) await dropDatabase(server.serverUrl, name);
  }
}

/** A copy of the migrations folder that the test may change; removed afterwards. */
export async function withMigrationsCopy<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "vpc-migrations-"));
  try {
    await cp(defaultMigrationsDir, dir, { recursive: true });
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type BeforeMigration = {
  /** Connected to the database as it stood before `migration`. */
  client: pg.Client;
  url: string;
  /** Applies `migration` itself (and no later one); returns the names applied. */
  migrate: () => Promise<string[]>;
};

/**
 * The database as it was before `migration`: every migration older than it applied. fn inserts
 * the rows of that time, calls migrate(), and checks what the migration made of them.
 */
export async function beforeMigration<T>(
  server: PostgresServer,
  migration: string,
  fn: (db: BeforeMigration) => Promise<T>,
): Promise<T> {
  return withDatabases(server, 1, ([url]) =>
    withMigrationsCopy(async (dir) => {
      const later = (await readdir(dir)).filter((n) => /^\d{14}_/.test(n) && n >= migration);
      for (const n of later) await rm(join(dir, n), { recursive: true });
      await applyMigrations(url!, { migrationsDir: dir });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await fn({
          client,
          url: url!,
          migrate: async () => {
            await cp(join(defaultMigrationsDir, migration), join(dir, migration), { recursive: true });
            return (await applyMigrations(url!, { migrationsDir: dir })).applied;
          },
        });
      } finally {
        await client.end().catch(() => undefined);
      }
    }),
  );
}
