import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { getEnv } from "./env";
import { logger } from "./logger";

/**
 * One Prisma client per process (create-t3-app pattern), over a pg Pool we own so that:
 * - pool 'error' events (Postgres restarted, connection killed) are handled instead of crashing;
 * - requests fail fast during an outage (connectionTimeoutMillis) and recover after it;
 * - graceful shutdown can end the pool (see src/cli/serve.ts).
 */
type Db = { prisma: PrismaClient; pool: pg.Pool };

const globalForDb = globalThis as unknown as { __vpcDb?: Db; __vpcShutdownHooks?: Array<() => Promise<void>> };

function createDb(): Db {
  const env = getEnv();
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DB_POOL_MAX,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  pool.on("error", (err: Error & { code?: string }) => {
    // An idle client lost its connection; the pool discards it and makes a new one next time.
    logger.warn("db.pool.error", { code: err.code ?? "unknown" });
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const hooks = (globalForDb.__vpcShutdownHooks ??= []);
  hooks.push(async () => {
    await prisma.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
  });
  return { prisma, pool };
}

function getDb(): Db {
  return (globalForDb.__vpcDb ??= createDb());
}

/** Lazily created so that `next build` never needs a database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb().prisma as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

/** The pg pool under Prisma, for the few hot paths that need one exact SQL statement (video signaling). */
export function pgPool(): pg.Pool {
  return getDb().pool;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * One statement built with Prisma.sql (values are always bound parameters, never spliced into
 * the text), run straight on the pool Prisma uses, without Prisma. For the per-request hot paths
 * only - the session check every signed-in request makes, and booking - where Prisma's own work
 * per query (query compiler, result mapping, interactive transaction bookkeeping) was most of the
 * request's CPU time (docs/decisions/scheduling.md, "Booking throughput"). Everything else uses
 * Prisma. Errors are pg's own (pgErrorCode reads their SQLSTATE); json columns come back parsed,
 * timestamptz as Date, bigint as string.
 */
export async function sqlRows<T>(query: Prisma.Sql): Promise<T[]> {
  const r = await getDb().pool.query(query.text, query.values);
  return r.rows as T[];
}

/** Readiness: a trivial query with a short timeout. */
export async function pingDatabase(): Promise<boolean> {
  try {
    const client = await getDb().pool.connect();
    try {
      await client.query("select 1");
      return true;
    } finally {
      client.release();
    }
  } catch {
    return false;
  }
}
