// Applies prisma/migrations/*/migration.sql without Prisma's native schema engine (which cannot
// be downloaded on offline machines), recording each one in Prisma's own `_prisma_migrations`
// table exactly as `prisma migrate deploy` does, so the real Prisma CLI accepts the database later.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { grantAppPrivileges } from "./db-roles";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const defaultMigrationsDir = join(projectRoot, "prisma", "migrations");
/** In defaultMigrationsDir: the schema as of the last migration, what `npm run db:migration` diffs from. */
export const SNAPSHOT_FILE = "schema-at-last-migration.prisma";

// The key Prisma's schema engine locks (`SELECT pg_advisory_lock(72707369)`): using the same one
// serialises us with a real `prisma migrate deploy` too, not only with other app instances.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;
const LOCK_WAIT = "5min";

// Verbatim from prisma-engines (sql-schema-connector, postgres flavour, create_migrations_table).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface LocalMigration {
  name: string;
  sqlPath: string;
  script: string;
  checksum: string;
}

export function checksumOf(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Prisma accepts a recorded checksum computed with either line ending (git may convert them on
 * checkout) and, for very old rows, without zero padding. Same rules here, so we never refuse
 * a database that Prisma itself would accept.
 */
function matchesChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const padded = digest.toString("hex");
    const unpadded = [...digest].map((b) => b.toString(16)).join("");
    return recorded === (recorded.length === 64 ? padded : unpadded);
  });
}

/** Every sub-folder of the migrations folder is a migration, in Prisma's order (localeCompare). */
export async function listLocalMigrations(migrationsDir: string = defaultMigrationsDir): Promise<LocalMigration[]> {
  if (!existsSync(migrationsDir)) return [];
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const sqlPath = join(migrationsDir, name, "migration.sql");
    // Prisma treats any sub-folder as a migration and fails on one without migration.sql; fail
    // the same way instead of silently skipping something the real CLI would trip over.
    const script = await readFile(sqlPath, "utf8").catch(() => {
      throw new Error(
        `${join(migrationsDir, name)} has no migration.sql (every folder in ${migrationsDir} is a migration)`,
      );
    });
    migrations.push({ name, sqlPath, script, checksum: checksumOf(script) });
  }
  return migrations;
}

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * pg would send an unknown `schema` URL parameter to the server as a setting and fail; Prisma
 * reads it as the schema to use. Honour it the way Prisma does: as the search_path.
 */
function clientFor(databaseUrl: string): { client: pg.Client; schema: string | null } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  return { client: new pg.Client({ connectionString: url.toString() }), schema };
}

function describePgError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; position?: string; detail?: string; where?: string };
  return [e.message, e.code && `code ${e.code}`, e.position && `at character ${e.position}`, e.detail, e.where]
    .filter(Boolean)
    .join("; ");
}

/**
 * Applies each pending migration in its own transaction, in name order, and records it in
 * `_prisma_migrations`. Refuses to run when an applied migration's file changed or when Prisma
 * recorded a failed migration (that needs a human: `prisma migrate resolve`).
 * databaseUrl is the owner role's (it owns what the migrations create). With `appRole`, the app
 * role's privileges are applied again afterwards (db-roles.ts), also when nothing was pending, so
 * tables from new migrations are covered and the grants never drift.
 */
export async function applyMigrations(
  databaseUrl: string,
  opts: { log?: (line: string) => void; migrationsDir?: string; appRole?: string } = {},
): Promise<{ applied: string[] }> {
  const result = await applyPendingMigrations(databaseUrl, opts);
  if (opts.appRole) {
    await grantAppPrivileges(databaseUrl, opts.appRole, new URL(databaseUrl).searchParams.get("schema") ?? "public");
    opts.log?.(`granted the app role ${opts.appRole} its privileges`);
  }
  return result;
}

async function applyPendingMigrations(
  databaseUrl: string,
  opts: { log?: (line: string) => void; migrationsDir?: string },
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const migrationsDir = resolve(opts.migrationsDir ?? defaultMigrationsDir);
  const local = await listLocalMigrations(migrationsDir);

  const { client, schema } = clientFor(databaseUrl);
  await client.connect();
  try {
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
      await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
    }
    // Session-level lock on this one connection, held until we unlock or disconnect (so a
    // crashed run never leaves it taken).
    const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PRISMA_MIGRATE_LOCK_KEY]);
    if (!got.rows[0]?.ok) {
      log("another process is migrating this database; waiting for it to finish");
      await client.query(`SET lock_timeout = '${LOCK_WAIT}'`);
      await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
      await client.query("SET lock_timeout = 0");
    }

    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!exists.rows[0]?.t) {
      await client.query(CREATE_MIGRATIONS_TABLE);
      log("created _prisma_migrations");
    }

    const rows = (
      await client.query<AppliedRow>(
        "SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name",
      )
    ).rows;

    // Prisma's rule: finished_at NULL and rolled_back_at NULL means it failed part-way.
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations; fix the database by hand, ` +
          `then mark it with \`prisma migrate resolve --applied|--rolled-back ${failed.migration_name}\`.` +
          (failed.logs ? `\nIts log:\n${failed.logs}` : ""),
      );
    }

    // Rolled-back rows are history only: Prisma applies such a migration again.
    const applied = new Map(
      rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]),
    );
    const localNames = new Set(local.map((m) => m.name));
    for (const m of local) {
      const row = applied.get(m.name);
      if (row && !matchesChecksum(m.script, row.checksum)) {
        throw new Error(
          `Migration ${m.name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
            `${m.checksum} on disk). Never edit an applied migration: restore the file and add a new migration.`,
        );
      }
    }
    for (const name of applied.keys()) {
      if (!localNames.has(name)) log(`warning: ${name} is applied in the database but missing from ${migrationsDir}`);
    }

    const pending = local.filter((m) => !applied.has(m.name));
    const done: string[] = [];
    for (const m of pending) {
      const started = Date.now();
      await client.query("BEGIN");
      try {
        await client.query(
          "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)",
          [randomUUID(), m.checksum, m.name],
        );
        // No parameters: pg uses the simple query protocol, which runs a multi-statement script.
        await client.query(m.script);
        // clock_timestamp(), not now(): now() is frozen at the start of the transaction.
        await client.query(
          "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE migration_name = $1 AND finished_at IS NULL",
          [m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        // Rolled back as a whole, so nothing is recorded: fix the file and run again.
        throw new Error(`Migration ${m.name} failed and was rolled back: ${describePgError(error)}`, { cause: error });
      }
      log(`applied ${m.name} (${Date.now() - started} ms)`);
      done.push(m.name);
    }
    return { applied: done };
  } finally {
    // Ending the session releases the advisory lock too; unlock first to hand over at once.
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
