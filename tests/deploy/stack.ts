/**
 * The production topology of deploy/compose.yaml, started as plain processes (no container
 * runtime here): coturn from deploy/turnserver.conf, app instances from the production build,
 * nginx from deploy/nginx/vpc.conf.template. Only process-level settings differ (ports, paths,
 * loopback addresses); every start returns a stop, and tests/deploy/run.ts calls them all.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { connect } from "node:net";
import { join } from "node:path";
import { root } from "../setup/processes";

/** Debian's binaries (in /usr/sbin, which a non-root PATH may lack), else whatever PATH finds. */
const sbin = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);

export type Started = { child: ChildProcess; stop: () => Promise<void> };

/** True once something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

/** The status of a GET over TLS that accepts the test's self-signed certificate. */
export function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
}

/** Waits for a started process to be ready; stops it when it never gets there. */
async function ready(s: Started, what: string, check: () => Promise<boolean>, boundMs?: number): Promise<void> {
  try {
    await waitFor(what, check, s.child, boundMs);
  } catch (e) {
    await s.stop();
    throw e;
  }
}

/** Polls `check` until it holds; fails at once if the process exited, or after `boundMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, child?: ChildProcess, boundMs = 180_000) {
  const t0 = Date.now();
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode})`);
    if (await check().catch(() => false)) return;
    if (Date.now() - t0 > boundMs) throw new Error(`${what}: not ready within ${boundMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): Started {
  const out = openSync(join(logDir, `${name}.log`), "w");
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", out, out] });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop };
}

/** A self-signed certificate for localhost / 127.0.0.1 (openssl). */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, "fullchain.pem");
  const key = join(dir, "privkey.pem");
  const r = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"].concat([
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ]),
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { cert, key };
}

export async function startCoturn(dir: string, port: number, relayPorts: [number, number], secret: string) {
  const args = ["-c", join(root, "deploy", "turnserver.conf"), `--static-auth-secret=${secret}`]
    .concat(["--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", `--listening-port=${port}`])
    .concat([`--min-port=${relayPorts[0]}`, `--max-port=${relayPorts[1]}`, "--no-tls", "--no-dtls"])
    // Both browsers' relay addresses are on loopback here: allow loopback peers (production denies them).
    .concat(["--allow-loopback-peers", `--pidfile=${join(dir, "turnserver.pid")}`, `--userdb=${join(dir, "turndb")}`]);
  const s = startProcess("coturn", "turnserver", args, process.env, dir);
  await ready(s, "coturn", () => listening(port), 30_000);
  return s;
}

export async function startApp(name: string, port: number, env: NodeJS.ProcessEnv, logDir: string) {
  const s = startProcess(
    name,
    process.execPath,
    ["--import", "tsx", "src/cli/start.ts"],
    {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    logDir,
  );
  await ready(s, name, async () => (await fetch(`http://127.0.0.1:${port}/api/ready`)).status === 200);
  return s;
}

export type Supervised = { pid: () => number; stop: () => Promise<void> };

/**
 * An app instance under a supervisor: when it exits cleanly (code 0 after a SIGTERM drain) it is
 * started again on the same port and `onRestart` runs once it is ready - the stop-then-start of
 * `docker compose restart app1` or `systemctl restart`. A crash or SIGKILL leaves it down (compose's
 * `unless-stopped` would bring it back), so the kill drill sees nginx fail over to the other alone.
 */
export async function superviseApp(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  logDir: string,
  onRestart: () => void,
): Promise<Supervised> {
  let current = await startApp(name, port, env, logDir);
  let stopping = false;
  let restarts = 0;
  const watch = (s: Started) =>
    s.child.once("exit", (code) => {
      if (stopping || code !== 0) return;
      startApp(`${name}-restart${++restarts}`, port, env, logDir).then(
        (next) => {
          current = next;
          if (stopping) void next.stop();
          else watch(next);
          onRestart();
        },
        (e: unknown) => console.error(`[deploy] ${name} did not come back: ${String(e)}`),
      );
    });
  watch(current);
  return {
    pid: () => current.child.pid ?? 0,
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}

/** Renders ${NAME} for the given names only (what the nginx image's envsubst filter does). */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (m, name: string) => vars[name] ?? m);
}

export async function startNginx(
  dir: string,
  opts: { httpsPort: number; httpPort: number; upstreams: [string, string]; cert: string; key: string },
) {
  const tmp = join(dir, "nginx-tmp");
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o777);
  const accessLog = join(dir, "nginx-access.log");
  const site = renderTemplate(readFileSync(join(root, "deploy", "nginx", "vpc.conf.template"), "utf8"), {
    NGINX_HTTPS_PORT: `127.0.0.1:${opts.httpsPort}`,
    NGINX_HTTP_PORT: `127.0.0.1:${opts.httpPort}`,
    PUBLIC_ORIGIN: `https://localhost:${opts.httpsPort}`,
    APP_UPSTREAM_1: opts.upstreams[0],
    APP_UPSTREAM_2: opts.upstreams[1],
    TLS_CERTIFICATE: opts.cert,
    TLS_CERTIFICATE_KEY: opts.key,
  }).replace("access_log /dev/stdout", `access_log ${accessLog}`);
  writeFileSync(join(dir, "vpc.conf"), site);
  // The main file: what the nginx image's own nginx.conf does, with paths in this folder. One
  // addition: nginx talks to the apps from 127.0.0.2, so the test can tell the address the app
  // saw on its socket (127.0.0.2) from the client address nginx forwarded (127.0.0.1).
  const main = [
    "worker_processes 1;",
    `pid ${join(dir, "nginx.pid")};`,
    `error_log ${join(dir, "nginx-error.log")} warn;`,
    process.getuid?.() === 0 ? "user nobody nogroup;" : "",
    "events { worker_connections 1024; }",
    "http {",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${join(tmp, t)};`),
    "  proxy_bind 127.0.0.2;",
    `  include ${join(dir, "vpc.conf")};`,
    "}",
  ].join("\n");
  writeFileSync(join(dir, "nginx.conf"), main);
  const args = ["-p", dir, "-e", join(dir, "nginx-error.log"), "-c", join(dir, "nginx.conf"), "-g", "daemon off;"];
  const check = spawnSync(sbin("nginx"), ["-t", ...args.slice(0, 6)], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t failed: ${check.stderr}`);
  const s = startProcess("nginx", sbin("nginx"), args, process.env, dir);
  await ready(s, "nginx", () => listening(opts.httpsPort), 30_000);
  return { ...s, accessLog };
}
