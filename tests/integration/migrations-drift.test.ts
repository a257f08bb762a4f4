// The migrations folder must build exactly the schema that prisma/schema describes: a database
// built by applying the migrations (A) is compared with one built from the current schema's
// `--from-empty` SQL (B). Hand-written objects Prisma cannot express (triggers, functions,
// extensions, exclusion constraints, partial indexes, CHECKs) may exist only in A.
import { cp, readdir, writeFile, appendFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePostgresServer, type PostgresServer } from "../../src/cli/lib/databases";
import { applyMigrations, defaultMigrationsDir } from "../../src/cli/lib/migrations";
import { withDatabases as withScratchDatabases, withMigrationsCopy } from "../factories/migrated-database";
import { sqlFromEmpty } from "../../src/cli/lib/prisma-diff";

let server: PostgresServer;

beforeAll(async () => {
  server = await resolvePostgresServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const withDatabases = <T>(count: number, fn: (urls: string[]) => Promise<T>) => withScratchDatabases(server, count, fn);

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface Shape {
  tables: string[];
  columns: string[];
  enums: string[];
  /** Index name → definition; `extra` marks kinds allowed only in the migrated database. */
  indexes: Map<string, { def: string; handWritten: boolean }>;
  constraints: Map<string, { def: string; handWritten: boolean }>;
}

async function describeSchema(url: string): Promise<Shape> {
  const tables = await query<{ t: string }>(
    url,
    `SELECT table_name AS t FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const columns = await query<{ c: string }>(
    url,
    `SELECT format('%s.%s %s(%s,%s,%s,%s) null=%s default=%s', table_name, column_name, udt_name,
                   character_maximum_length, numeric_precision, numeric_scale, datetime_precision,
                   is_nullable, column_default) AS c
     FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const enums = await query<{ e: string }>(
    url,
    `SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS e
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`,
  );
  const indexes = await query<{ name: string; def: string; partial: boolean; exclusion: boolean }>(
    url,
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, x.indpred IS NOT NULL AS partial,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'x') AS exclusion
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
  );
  // p primary key, u unique, f foreign key (Prisma's); c check, x exclusion (hand-written only).
  const constraints = await query<{ name: string; def: string; type: string }>(
    url,
    `SELECT c.conrelid::regclass::text || '.' || c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.contype AS type
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f', 'c', 'x') AND c.conrelid <> 0
       AND c.conrelid::regclass::text <> '_prisma_migrations'`,
  );
  return {
    tables: tables.map((r) => r.t),
    columns: columns.map((r) => r.c),
    enums: enums.map((r) => r.e),
    indexes: new Map(indexes.map((r) => [r.name, { def: r.def, handWritten: r.partial || r.exclusion }])),
    constraints: new Map(
      constraints.map((r) => [r.name, { def: r.def, handWritten: r.type === "c" || r.type === "x" }]),
    ),
  };
}

/** Everything in `expected` must be in `actual` unchanged; `actual` may add hand-written kinds only. */
function compareMaps(kind: string, actual: Shape["indexes"], expected: Shape["indexes"]): string[] {
  const problems: string[] = [];
  for (const [name, e] of expected) {
    const a = actual.get(name);
    if (!a) problems.push(`${kind} ${name} missing from the migrations: ${e.def}`);
    else if (a.def !== e.def) problems.push(`${kind} ${name} differs:\n  migrations: ${a.def}\n  schema:     ${e.def}`);
  }
  for (const [name, a] of actual) {
    if (!expected.has(name) && !a.handWritten) problems.push(`${kind} ${name} exists only in the migrations: ${a.def}`);
  }
  return problems;
}

describe("prisma migrations", () => {
  it("build the same schema as prisma/schema (no drift)", async () => {
    await withDatabases(2, async ([migrated, fromSchema]) => {
      // Both ends in parallel: the diff engine run (~1.5 s) dominates.
      const [, sql] = await Promise.all([applyMigrations(migrated!), sqlFromEmpty({ serverUrl: server.serverUrl })]);
      await query(fromSchema!, sql);
      const a = await describeSchema(migrated!);
      const b = await describeSchema(fromSchema!);
      const hint = "\nprisma/schema and prisma/migrations disagree: run `npm run db:migration -- <name>`.";
      expect(a.tables, hint).toEqual(b.tables);
      expect(a.columns, hint).toEqual(b.columns);
      expect(a.enums, hint).toEqual(b.enums);
      expect(
        [...compareMaps("index", a.indexes, b.indexes), ...compareMaps("constraint", a.constraints, b.constraints)],
        hint,
      ).toEqual([]);
    });
  }, 60_000);

  it("applies nothing the second time", async () => {
    await withDatabases(1, async ([url]) => {
      const first = await applyMigrations(url!);
      const local = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
      expect(first.applied).toHaveLength(local.length);
      expect((await applyMigrations(url!)).applied).toEqual([]);
      const rows = await query<{ n: number }>(
        url!,
        "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND applied_steps_count = 1",
      );
      expect(rows[0]?.n).toBe(local.length);
    });
  }, 30_000);

  it("refuses a migration changed after it was applied, and a recorded failure", async () => {
    await withMigrationsCopy((dir) =>
      withDatabases(1, async ([url]) => {
        await applyMigrations(url!, { migrationsDir: dir });
        const first = (await readdir(dir, { withFileTypes: true })).find((e) => e.isDirectory());
        await appendFile(join(dir, first!.name, "migration.sql"), "\n-- edited after the fact\n");
        await expect(applyMigrations(url!, { migrationsDir: dir })).rejects.toThrow(/modified after it was applied/);

        await cp(defaultMigrationsDir, dir, { recursive: true }); // restore
        await query(
          url!,
          `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('00000000-0000-4000-8000-000000000000', 'x', '99999999999999_broken')`,
        );
        await expect(applyMigrations(url!, { migrationsDir: dir })).rejects.toThrow(/recorded as failed/);
      }),
    );
  }, 30_000);

  it("rolls back a failing migration and records nothing", async () => {
    await withMigrationsCopy((dir) =>
      withDatabases(1, async ([url]) => {
        await applyMigrations(url!, { migrationsDir: dir });
        const bad = join(dir, "99999999999999_bad");
        await cp(
          join(
            dir,
            (await readdir(dir)).find((n) => /^\d{14}_/.test(n))!,
          ),
          bad,
          { recursive: true },
        );
        await writeFile(join(bad, "migration.sql"), 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n');
        await expect(applyMigrations(url!, { migrationsDir: dir })).rejects.toThrow(
          /99999999999999_bad failed and was rolled back/,
        );
        const half = await query<{ t: string | null }>(url!, `SELECT to_regclass('"Half"')::text AS t`);
        expect(half[0]?.t).toBeNull();
        const recorded = await query<{ n: number }>(
          url!,
          "SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = '99999999999999_bad'",
        );
        expect(recorded[0]?.n).toBe(0);
      }),
    );
  }, 30_000);

  it("keeps AuditEvent append-only", async () => {
    await withDatabases(1, async ([url]) => {
      await applyMigrations(url!);
      await query(url!, `INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('test', 'Test', 'SUCCESS')`);
      await expect(query(url!, `UPDATE "AuditEvent" SET action = 'changed'`)).rejects.toThrow(/append-only/);
      await expect(query(url!, `DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      await expect(query(url!, `TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    });
  }, 30_000);
});
