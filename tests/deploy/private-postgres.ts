/**
 * A private PostgreSQL cluster from Debian's binaries (initdb, pg_ctl) on a free port, for the
 * deployment test and its fault drills: restarting it disturbs nothing else on the machine (the
 * shared PostgreSQL on 5432 is never touched). As root it runs as the OS user `postgres`.
 */
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";

export type PrivatePostgres = {
  /** Superuser URL (trust auth on 127.0.0.1 only). */
  serverUrl: string;
  port: number;
  dataDir: string;
  /** pg_ctl stop -m fast: in-flight transactions are rolled back, committed ones are on disk. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

export function postgresBinDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error("no PostgreSQL binaries in /usr/lib/postgresql (apt-get install postgresql)");
  return join(base, versions[0]!, "bin");
}

/** Runs a PostgreSQL tool (as the OS user postgres when we are root); async, so load keeps running meanwhile. */
function runAsPostgres(tool: string, args: string[]): Promise<void> {
  const binDir = postgresBinDir();
  const asRoot = userInfo().uid === 0;
  const cmd = asRoot ? "runuser" : join(binDir, tool);
  const argv = asRoot ? ["-u", "postgres", "--", join(binDir, tool), ...args] : args;
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { encoding: "utf8" }, (error, stdout, stderr) =>
      error ? reject(new Error(`${tool} ${args.join(" ")} failed: ${stderr || stdout}`)) : resolve(),
    ),
  );
}

/** Start and stop of the cluster in `dir` (also from another process: the drills restart it). */
export function privatePostgresControl(dir: string, port: number): Pick<PrivatePostgres, "start" | "stop"> {
  const dataDir = join(dir, "pgdata");
  const opts = `-p ${port} -k ${join(dir, "pgsock")} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  return {
    start: () =>
      runAsPostgres("pg_ctl", ["-D", dataDir, "-l", join(dir, "postgres.log"), "-o", opts, "-w", "-t", "60", "start"]),
    stop: () => runAsPostgres("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]),
  };
}

export async function startPrivatePostgres(dir: string, port: number): Promise<PrivatePostgres> {
  const dataDir = join(dir, "pgdata");
  const sockets = join(dir, "pgsock");
  mkdirSync(sockets, { recursive: true });
  chmodSync(dir, 0o755);
  if (userInfo().uid === 0) {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (uid.status !== 0) throw new Error("running as root needs the OS user postgres (Debian's postgresql package)");
    for (const d of [dir, sockets]) chownSync(d, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  await runAsPostgres("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--no-sync",
    "--locale=C",
  ]);
  const control = privatePostgresControl(dir, port);
  await control.start();
  return { serverUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, dataDir, ...control };
}
