import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { db, pgPool } from "@/server/db";
import { isAccessDenied } from "@/server/errors";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER, requestSeal, SEAL_HEADER } from "@/server/http-gate";

/**
 * Server actions and route handlers called as Next calls them, in Node: the test file mocks
 * next/headers and next/cache with the modules below (vi.mock is hoisted per file), and each call
 * runs as one simulated request with its own cookies, path and server-made request id.
 *
 *   vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
 *   vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);
 */
type CookieValue = { name: string; value: string };
const current = { cookies: new Map<string, string>(), headers: new Headers(), revalidated: [] as string[] };

const cookieStore = {
  get: (name: string | CookieValue): CookieValue | undefined => {
    const n = typeof name === "string" ? name : name.name;
    const value = current.cookies.get(n);
    return value === undefined ? undefined : { name: n, value };
  },
  getAll: (): CookieValue[] => [...current.cookies].map(([name, value]) => ({ name, value })),
  has: (name: string) => current.cookies.has(name),
  set: (a: string | CookieValue, b?: string) => {
    if (typeof a === "string") current.cookies.set(a, b ?? "");
    else current.cookies.set(a.name, a.value);
    return cookieStore;
  },
  delete: (a: string | { name: string }) => {
    current.cookies.delete(typeof a === "string" ? a : a.name);
    return cookieStore;
  },
  toString: () => "",
};

export const nextHeadersModule = {
  cookies: async () => cookieStore,
  headers: async () => current.headers,
  draftMode: async () => ({ isEnabled: false, enable: () => undefined, disable: () => undefined }),
};

export const nextCacheModule = {
  revalidatePath: (path: string) => void current.revalidated.push(path),
  revalidateTag: () => undefined,
  refresh: () => undefined,
  unstable_cache: <T>(fn: T) => fn,
  unstable_noStore: () => undefined,
};

export const SESSION_COOKIE = "next-auth.session-token";

/** A request to a route handler as it reaches Next in this simulated request: its cookies and the server's headers. */
export function requestFor(url: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  for (const [k, v] of current.headers) if (!headers.has(k)) headers.set(k, v);
  const cookie = [...current.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  if (cookie) headers.set("cookie", cookie);
  return new Request(url.startsWith("http") ? url : `http://localhost:3000${url}`, { ...init, headers });
}

/** Starts a simulated request: these cookies, this page path, a fresh server-made request id. */
export function beginRequest(opts: { cookies?: Record<string, string>; path?: string } = {}): string {
  const requestId = randomUUID();
  current.cookies = new Map(Object.entries(opts.cookies ?? {}));
  // What the custom server and proxy.ts put on every request (src/cli/serve.ts, http-gate.ts).
  current.headers = new Headers({
    [REQUEST_ID_HEADER]: requestId,
    [SEAL_HEADER]: requestSeal(),
    [CLIENT_IP_HEADER]: "127.0.0.1",
    "x-pathname": opts.path ?? "/",
    "user-agent": "vitest",
    host: "localhost:3000",
  });
  current.revalidated = [];
  return requestId;
}

/** A live session row for this user and the next-auth cookie that carries it (as sign-in makes them). */
export async function sessionCookieFor(user: { id: string }): Promise<string> {
  // Read now: a password change or sign-out everywhere in an earlier call bumped it.
  const sv = (await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } }))
    .sessionVersion;
  const now = new Date();
  const s = await db.session.create({
    data: {
      userId: user.id,
      sessionVersion: sv,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 8 * 3_600_000),
    },
    select: { id: true },
  });
  return encode({ token: { sid: s.id, sv }, secret: process.env.NEXTAUTH_SECRET!, maxAge: 8 * 3600 });
}

export type Outcome =
  | { kind: "redirect"; location: string }
  | { kind: "forbidden" }
  | { kind: "notFound" }
  | { kind: "unauthorized" }
  | { kind: "value"; value: unknown }
  | { kind: "response"; status: number; text: string; headers: Headers }
  | { kind: "thrown"; error: unknown };

/** What a call ended in, the way Next turns it into a response. */
export async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    const value = await run();
    if (value instanceof Response)
      return { kind: "response", status: value.status, text: await value.text(), headers: value.headers };
    return { kind: "value", value };
  } catch (error) {
    if (isAccessDenied(error)) return { kind: "forbidden" };
    const digest =
      typeof error === "object" && error !== null && "digest" in error
        ? String((error as { digest: unknown }).digest)
        : "";
    if (digest.startsWith("NEXT_REDIRECT;")) return { kind: "redirect", location: digest.split(";")[2] ?? "" };
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { kind: "notFound" };
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;401") return { kind: "unauthorized" };
    return { kind: "thrown", error };
  }
}

/** A refusal: sign-in redirect, 401/403/404 (interrupt or response), or an error form state. */
export function isRefusal(o: Outcome): boolean {
  switch (o.kind) {
    case "redirect":
      return (
        o.location === "/login" || o.location.startsWith("/login?callbackUrl") || o.location.startsWith("/link-expired")
      );
    case "forbidden":
    case "notFound":
    case "unauthorized":
      return true;
    case "response":
      return (
        [401, 403, 404].includes(o.status) ||
        (o.status === 303 && /expired|\/login/.test(o.headers.get("location") ?? ""))
      );
    case "value": {
      if (o.value === undefined) return false;
      const v = o.value as { status?: unknown };
      return typeof v === "object" && v !== null && v.status === "error";
    }
    case "thrown":
      return false;
  }
}

/** Every exported server action in the source tree: "modules/x/actions.ts#name". */
export async function discoverActions(): Promise<Map<string, (...args: unknown[]) => Promise<unknown>>> {
  const src = join(import.meta.dirname, "..", "..", "src");
  const out = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === "generated"
          ? []
          : walk(join(dir, e.name))
        : /\.tsx?$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
  for (const file of walk(src)) {
    if (!/^\s*["']use server["']/.test(readFileSync(file, "utf8"))) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod))
      if (typeof fn === "function")
        out.set(`${relative(src, file)}#${name}`, fn as (...args: unknown[]) => Promise<unknown>);
  }
  return out;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

/** Every route handler in the source tree: "METHOD /path/[param]" (route groups left out). */
export async function discoverRoutes(): Promise<Map<string, RouteHandler>> {
  const app = join(import.meta.dirname, "..", "..", "src", "app");
  const out = new Map<string, RouteHandler>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : [],
    );
  for (const file of walk(app)) {
    const path = `/${relative(app, join(file, ".."))
      .split("/")
      .filter((s) => !/^\(.*\)$/.test(s))
      .join("/")}`;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") out.set(`${m} ${path}`, mod[m] as RouteHandler);
  }
  return out;
}

let writeCounterReady: Promise<void> | undefined;
/** Tables a refused call may still write: its own audit row, the session's last-seen time, rate-limit counters. */
const MAY_WRITE = (t: string) =>
  ["AuditEvent", "Session", "LoginAttempt", "_prisma_migrations", "test_write_count"].includes(t) ||
  t.endsWith("Attempt");

/**
 * Counts every row written to every table but the ones a refused call may touch: triggers in
 * this test file's own database (installed by the owner on first use) add one per inserted,
 * deleted or changed row (an UPDATE that changes nothing does not count) to a counter row in the
 * same transaction, so a write that is rolled back leaves no count. Equal before and after =
 * nothing written. Reading it is one small query, where hashing every table grew with the data.
 */
async function installWriteCounter(): Promise<void> {
  const ownerUrl = process.env.OWNER_DATABASE_URL;
  if (!ownerUrl) throw new Error("OWNER_DATABASE_URL is not set (tests/setup/integration-worker.ts sets it)");
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const tables = (
      await client.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).rows
      .map((r) => r.t)
      .filter((t) => !MAY_WRITE(t));
    // Table names come from the catalog, never from input.
    const sql = [
      "CREATE TABLE IF NOT EXISTS test_write_count (t text PRIMARY KEY, n bigint NOT NULL)",
      "GRANT SELECT ON test_write_count TO PUBLIC",
      `CREATE OR REPLACE FUNCTION test_count_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN RETURN NULL; END IF;
         INSERT INTO test_write_count (t, n) VALUES (TG_TABLE_NAME, 1) ON CONFLICT (t) DO UPDATE SET n = test_write_count.n + 1;
         RETURN NULL;
       END $$`,
      ...tables.map(
        (t) =>
          `CREATE TRIGGER test_count_write AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION test_count_write()`,
      ),
    ];
    await client.query(sql.join(";\n"));
  } finally {
    await client.end();
  }
}

export async function dataFingerprint(): Promise<string> {
  writeCounterReady ??= installWriteCounter();
  await writeCounterReady;
  const rows = (await pgPool().query<{ t: string; n: string }>("SELECT t, n FROM test_write_count ORDER BY t")).rows;
  return rows.map((r) => `${r.t}:${r.n}`).join(",");
}

/** Which tables differ between two fingerprints (for a readable failure). */
export function changedTables(before: string, after: string): string[] {
  const a = new Map(before.split(",").map((p) => [p.split(":")[0]!, p]));
  return after
    .split(",")
    .filter((p) => a.get(p.split(":")[0]!) !== p)
    .map((p) => p.split(":")[0]!);
}
