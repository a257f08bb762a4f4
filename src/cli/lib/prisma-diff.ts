// Migration SQL without Prisma 7's native schema engine (not downloadable offline): prisma 6.19's
// WebAssembly schema engine, installed as the npm alias `prisma-wasm-migrate`, runs
// `migrate diff` with a driver adapter. Details: docs/decisions/0003-migrations-without-schema-engine.md.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { createDatabase, dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "./databases";
import { projectRoot } from "./migrations";

const run = promisify(execFile);

export const schemaDir = join(projectRoot, "prisma", "schema");
const wasmCli = join(projectRoot, "node_modules", "prisma-wasm-migrate", "build", "index.js");
// Inside the project so the generated config can import @prisma/adapter-pg from node_modules.
const workRoot = join(projectRoot, "node_modules", ".cache", "vpc");

/**
 * The schema folder as one text: files in name order, each behind a marker comment. One file is
 * what the 6.x engine needs once a url is added (it rejects folders without one), and it is the
 * snapshot of the schema at the last migration (prisma/migrations/schema-at-last-migration.prisma).
 */
export async function readSchemaFolder(dir: string = schemaDir): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".prisma")).sort();
  if (files.length === 0) throw new Error(`no .prisma files in ${dir}`);
  const parts: string[] = [];
  for (const file of files) {
    const text = (await readFile(join(dir, file), "utf8")).replace(/\s+$/, "");
    parts.push(`// ---- ${relative(projectRoot, join(dir, file))} ----\n${text}\n`);
  }
  return parts.join("\n");
}

/** The 6.x engine needs `url` in the datasource block; Prisma 7 forbids it there. */
function withDatasourceUrl(schema: string): string {
  const block = /datasource\s+\w+\s*\{[^}]*\}/m.exec(schema);
  if (!block) throw new Error("schema has no datasource block");
  if (/^\s*url\s*=/m.test(block[0])) return schema;
  const patched = block[0].replace(/\{/, '{\n  url = env("DATABASE_URL")');
  return schema.slice(0, block.index) + patched + schema.slice(block.index + block[0].length);
}

export interface DiffResult {
  /** The SQL script; "" when there is no difference. */
  sql: string;
  empty: boolean;
}

/**
 * SQL that turns a database matching `from` (a schema text, or null for an empty database) into
 * one matching `to`. The engine's driver adapter insists on a reachable database even though a
 * schema-to-schema diff reads nothing from it: a throwaway database is created and dropped.
 */
export async function diffSchemas(opts: {
  from: string | null;
  to: string;
  serverUrl?: string;
  log?: (line: string) => void;
}): Promise<DiffResult> {
  const log = opts.log ?? (() => undefined);
  const server = opts.serverUrl ? null : await resolvePostgresServer({ log });
  const serverUrl = opts.serverUrl ?? server?.serverUrl ?? "";
  const dbName = uniqueDatabaseName("vpc_diff");
  const dir = join(workRoot, `diff-${randomBytes(6).toString("hex")}`);
  try {
    const url = await createDatabase(serverUrl, dbName);
    await mkdir(dir, { recursive: true });
    const dummy = join(dir, "no-engine");
    await writeFile(dummy, "");
    const toPath = join(dir, "to.prisma");
    await writeFile(toPath, withDatasourceUrl(opts.to));
    const fromArgs: string[] = ["--from-empty"];
    if (opts.from !== null) {
      const fromPath = join(dir, "from.prisma");
      await writeFile(fromPath, withDatasourceUrl(opts.from));
      fromArgs.splice(0, 1, "--from-schema-datamodel", fromPath);
    }
    // .mjs: Node treats files under node_modules as CommonJS unless told otherwise.
    const configPath = join(dir, "prisma.config.mjs");
    await writeFile(
      configPath,
      [
        'import { PrismaPg } from "@prisma/adapter-pg";',
        "export default {",
        '  engine: "js",',
        "  experimental: { adapter: true },",
        // Absolute paths: relative ones resolve from this config file's folder.
        `  schema: ${JSON.stringify(toPath)},`,
        `  migrations: { path: ${JSON.stringify(join(dir, "migrations"))} },`,
        // Without the short idle timeout the CLI waits ~10 s for the pool to drain before exiting.
        "  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 1 }),",
        "};",
        "",
      ].join("\n"),
    );
    const env = {
      ...process.env,
      DATABASE_URL: url,
      // Existing files stop the CLI from trying to download native engines; the wasm engine is used.
      PRISMA_QUERY_ENGINE_LIBRARY: dummy,
      PRISMA_SCHEMA_ENGINE_BINARY: dummy,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    };
    const args = [
      wasmCli,
      "migrate",
      "diff",
      "--config",
      configPath,
      ...fromArgs,
      "--to-schema-datamodel",
      toPath,
      "--script",
      "--exit-code",
    ];
    const started = Date.now();
    try {
      // Exit 0 with --exit-code: no difference (stdout is just "-- This is an empty migration.").
      await run(process.execPath, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
      log(`migrate diff: no changes (${Date.now() - started} ms)`);
      return { sql: "", empty: true };
    } catch (error) {
      // --exit-code: 2 means "there is a difference" and is the normal path for a new migration.
      const e = error as { code?: number; stdout?: string; stderr?: string; message?: string };
      if (e.code === 2 && typeof e.stdout === "string") {
        log(`migrate diff: ${Date.now() - started} ms`);
        return { sql: e.stdout, empty: false };
      }
      throw new Error(
        `prisma migrate diff failed (exit ${e.code ?? "?"}):\n${e.stderr ?? e.message ?? ""}\n${e.stdout ?? ""}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(serverUrl, dbName).catch(() => undefined);
    await server?.stop();
  }
}

/** The whole current schema as SQL for an empty database (what the drift test compares with). */
export async function sqlFromEmpty(
  opts: { serverUrl?: string; schema?: string; log?: (line: string) => void } = {},
): Promise<string> {
  const to = opts.schema ?? (await readSchemaFolder());
  const { sql } = await diffSchemas({ from: null, to, serverUrl: opts.serverUrl, log: opts.log });
  return sql;
}
