/**
 * Benchmark toolkit shared by every scenario file (tests/bench/<domain>.ts). Each file default-
 * exports a BenchScenario (or an array); `npm run bench` runs them all in one process against
 * one production build and one database, and prints ratios measured side by side.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import autocannon from "autocannon";
import pg from "pg";

export const root = join(import.meta.dirname, "..", "..");

export type BenchContext = {
  /** The production app (custom server) base URL. */
  appUrl: string;
  /** Database URL shared by the app and bare servers. */
  databaseUrl: string;
  /** Logs in a demo account and returns a Cookie header value. */
  login: (email: string, password?: string) => Promise<string>;
  /** Direct pg pool for setup (bulk inserts) and for bare baselines. */
  pool: pg.Pool;
  report: (line: string) => void;
  quick: boolean;
};

export type BenchScenario = { name: string; run: (ctx: BenchContext) => Promise<void> };

export type LoadResult = { rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/**
 * The production app under test. BENCH_CPU_PROF=<dir> starts it with V8's CPU profiler
 * (`--cpu-prof`): the .cpuprofile is written into <dir> when the app exits at the end of the run;
 * `npx tsx tests/bench/profile/summary.ts <file>` groups its self and inclusive time
 * (docs/performance.md).
 */
export function startApp(databaseUrl: string, port: number): ChildProcess {
  const prof = process.env.BENCH_CPU_PROF;
  const profArgs = prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`, "--cpu-prof-interval=200"] : [];
  return spawn(process.execPath, [...profArgs, "--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
      NEXTAUTH_URL: `http://localhost:${port}`,
      VPC_QUIET_LOGS: "1",
      VPC_NO_BUILD: "1",
      TRUST_PROXY: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * Load with autocannon: fixed connections and duration. Percentiles are computed from every
 * response's own latency (autocannon's summary has no p95).
 */
export async function load(opts: {
  url: string;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
  duration?: number;
  connections?: number;
  requests?: autocannon.Request[];
}): Promise<LoadResult> {
  const samples: number[] = [];
  let non2xx = 0;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        headers: opts.headers,
        method: opts.method ?? "GET",
        body: opts.body,
        duration: opts.duration ?? 8,
        connections: opts.connections ?? 10,
        requests: opts.requests,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      samples.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx++;
    });
  });
  const p = percentiles(samples);
  return { rps: r.requests.average, p50: p.p50, p95: p.p95, p99: p.p99, errors: r.errors + r.timeouts, non2xx };
}

export function fmt(r: LoadResult): string {
  return `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms${r.errors || r.non2xx ? `  (errors ${r.errors}, non-2xx ${r.non2xx})` : ""}`;
}

/** Median and percentiles of a list of millisecond samples. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0 };
}

/**
 * Runs a bench file in its own process (its own env, database client and scratch database),
 * forwarding its `[bench]` lines to the report; throws when it exits non-zero (budget missed).
 */
export async function runBenchProcess(ctx: BenchContext, file: string, label: string): Promise<void> {
  const args = ["--import", "tsx", file, ...(ctx.quick ? ["--quick"] : [])];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) ctx.report(line.replace(/^\[bench\]\s*/, ""));
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`${label} budget not met (or the bench failed)`);
}
