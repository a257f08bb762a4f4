import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join, relative } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts, expect, instanceA, signInWithRequest, test } from "./fixtures";
import { withDb } from "./video-data";

/**
 * Raw HTTP against the running production server (issue 10): what a client can send that the
 * pages and forms never do. The gate in src/cli/serve.ts, proxy.ts and the sign-in page.
 */
const root = join(import.meta.dirname, "..", "..");
const port = Number(new URL(instanceA).port);
const INTERNAL = /prisma|invocation|sqlstate|violates|typeerror|cannot read prop|node_modules|\bat \w+ \(/i;
/** 5xx: the server failed (as opposed to a refusal or a redirect, which are answers). */
const isServerError = (status: number) => status >= 500 && status <= 599;

async function signedIn(request: APIRequestContext, role: keyof typeof demoAccounts): Promise<string> {
  const res = await signInWithRequest(request, demoAccounts[role].email, DEMO_PASSWORD);
  expect(res.status()).toBe(302);
  const cookie = res
    .headers()
    ["set-cookie"]?.split("\n")
    .find((c) => c.includes("session-token"));
  // next-auth's session cookie over plain HTTP (no Secure, no __Secure- prefix): the token, then exactly these attributes.
  const [pair, ...attributes] = (cookie ?? "").split(/;\s*/);
  expect(pair).toMatch(/^next-auth\.session-token=[\w.-]+$/);
  expect(attributes.map((a) => a.replace(/^Expires=.+ GMT$/, "Expires=<date>")).sort()).toEqual([
    "Expires=<date>",
    "HttpOnly",
    "Path=/",
    "SameSite=Lax",
  ]);
  return cookie!.split(";")[0]!;
}

/** A request exactly as written (Playwright's client would fix some of these up). */
function raw(opts: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  host?: string;
}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const length =
      opts.body !== undefined &&
      !Object.keys(opts.headers ?? {}).some((h) => /^(content-length|transfer-encoding)$/i.test(h))
        ? { "content-length": String(Buffer.byteLength(opts.body)) }
        : {};
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: opts.method,
        path: opts.path,
        headers: { host: opts.host ?? `localhost:${port}`, ...length, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

test.describe("request ids, paths and CSP come from the server", () => {
  test("a prefetch carrying forged x-request-id / x-pathname gets the CSP and a server id, and audit rows carry no forged value", async ({
    request,
  }) => {
    const cookie = await signedIn(request, "coordinator");
    const res = await raw({
      method: "GET",
      path: "/patients",
      headers: {
        cookie,
        "next-router-prefetch": "1",
        "x-request-id": "FORGED",
        "x-pathname": "/forged",
        "x-nonce": "forged",
        "content-security-policy": "default-src *",
      },
    });
    expect(res.status).toBe(200);
    expect(String(res.headers["content-security-policy"])).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
    );
    const id = String(res.headers["x-request-id"]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() =>
        withDb(
          async (c) =>
            (
              await c.query(
                `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "requestId" = $1 AND "entityType" = 'Patient' AND action = 'LIST'`,
                [id],
              )
            ).rows[0].n as number,
        ),
      )
      .toBe(1);
    const forged = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "requestId" = 'FORGED' OR "entityId" = '/forged'`,
          )
        ).rows[0].n as number,
    );
    expect(forged).toBe(0);
  });

  test("every page answer has the CSP, whatever headers the request carried", async ({ request }) => {
    const cookie = await signedIn(request, "clinician");
    for (const path of ["/login", "/today", "/patients", "/schedule", "/visits", "/account"]) {
      for (const headers of [
        {},
        { "next-router-prefetch": "1" },
        { purpose: "prefetch" },
        { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree" },
      ] as Record<string, string>[]) {
        const res = await raw({ method: "GET", path, headers: { cookie, ...headers } });
        expect(
          isServerError(res.status),
          `${path} ${JSON.stringify(headers)}: no server error (status ${res.status})`,
        ).toBe(false);
        expect(String(res.headers["content-security-policy"]), `${path} ${JSON.stringify(headers)}`).toMatch(
          /default-src 'self'|default-src 'none'/,
        );
        expect(String(res.headers["x-request-id"])).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
  });

  test("a 403 from a route handler carries the request id", async ({ request }) => {
    const cookie = await signedIn(request, "admin");
    const res = await raw({ method: "GET", path: "/api/patients?q=", headers: { cookie } });
    expect(res.status).toBe(403);
    expect(String(res.headers["x-request-id"])).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toMatch(/MRN-1000/);
  });
});

test.describe("redirects stay on this site", () => {
  const bypasses = [
    "%2F%5Cevil.example",
    "%2F%09%2Fevil.example",
    "%2F%2Fevil.example",
    "%5C%2Fevil.example",
    "%2F%0A%2Fevil.example",
    "%2F%00%2Fevil.example",
    "%2F.%2F%2Fevil.example",
    "https%3A%2F%2Fevil.example%2F",
    "javascript%3Aalert(1)",
    "data%3Atext%2Fhtml%2Cx",
    "http%3A%2F%2Flocalhost%3A1%40evil.example%2F",
  ];
  test("a signed-in user's /login?callbackUrl=<bypass> redirects to a path of this app", async ({ request }) => {
    const cookie = await signedIn(request, "coordinator");
    for (const cb of bypasses) {
      const res = await raw({ method: "GET", path: `/login?callbackUrl=${cb}`, headers: { cookie } });
      expect(res.status, cb).toBe(307);
      const location = String(res.headers.location);
      expect(
        location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\"),
        `${cb} -> ${location}`,
      ).toBe(true);
      expect(new URL(location, instanceA).origin).toBe(instanceA);
    }
    const own = await raw({ method: "GET", path: "/login?callbackUrl=%2Fschedule", headers: { cookie } });
    expect(own.headers.location).toBe("/schedule");
  });

  test("next-auth's redirect after sign-in also refuses other sites", async ({ request }) => {
    const html = await (await request.get("/login")).text();
    const csrf = /name="csrfToken" value="([a-f0-9]+)"/.exec(html)![1]!;
    const res = await request.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: csrf,
        email: demoAccounts.clinician.email,
        password: DEMO_PASSWORD,
        callbackUrl: "/\\evil.example",
      },
      headers: { origin: instanceA },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(302);
    expect(new URL(res.headers().location!, instanceA).origin).toBe(instanceA);
  });

  test("opened at 127.0.0.1 instead of the configured localhost: the page says where to sign in, and the CSP allows the configured address", async () => {
    const res = await raw({ method: "GET", path: "/login", host: `127.0.0.1:${port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`href="http://localhost:${port}/login"`);
    expect(res.body).toMatch(/different address than the clinic/);
    expect(String(res.headers["content-security-policy"])).toContain(`form-action 'self' http://localhost:${port}`);
    const same = await raw({ method: "GET", path: "/login" });
    expect(same.body).not.toMatch(/different address than the clinic/);
  });
});

test.describe("sign-out ends the session row on every path", () => {
  test("next-auth's own POST /api/auth/signout: the old cookie is signed out", async ({ request }) => {
    const cookie = await signedIn(request, "coordinator");
    expect((await raw({ method: "GET", path: "/patients", headers: { cookie } })).status).toBe(200);
    const csrfRes = await raw({ method: "GET", path: "/api/auth/csrf", headers: { cookie } });
    const csrfCookie = String(csrfRes.headers["set-cookie"] ?? "").split(";")[0];
    const { csrfToken } = JSON.parse(csrfRes.body) as { csrfToken: string };
    const out = await raw({
      method: "POST",
      path: "/api/auth/signout",
      headers: {
        cookie: `${cookie}; ${csrfCookie}`,
        origin: instanceA,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `csrfToken=${csrfToken}`,
    });
    expect([200, 302, 303, 307], `sign-out answered ${out.status}`).toContain(out.status);
    const replay = await raw({ method: "GET", path: "/patients", headers: { cookie } });
    expect(replay.status).toBe(307);
    expect(String(replay.headers.location)).toMatch(/^\/login\?callbackUrl=/);
  });
});

test.describe("framework-level failures are clear 4xx answers, never a 500", () => {
  test("methods, addresses and bodies", async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND"]) {
      const res = await raw({ method, path: "/api/visits" });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    }
    // A method Node's HTTP parser does not know never reaches the app: Node answers 400 itself.
    expect([400, 405]).toContain((await raw({ method: "TRACK", path: "/api/visits" })).status);
    expect((await raw({ method: "GET", path: "/patients/%E0%A4%A" })).status).toBe(400);
    const big = await raw({
      method: "POST",
      path: "/patients/new",
      headers: { "content-type": "text/plain", "next-action": "x", "content-length": String(2 * 1024 * 1024) },
      body: Buffer.alloc(16),
    });
    expect(big.status).toBe(413);
    const chunked = await raw({
      method: "POST",
      path: "/api/visits",
      headers: { "transfer-encoding": "chunked", "content-type": "application/json" },
      body: "2\r\n{}\r\n0\r\n\r\n",
    });
    expect(chunked.status).toBe(411);
  });

  test("the inputs the outside test found: 0 responses of 500, no internal text", async ({ request, playwright }) => {
    const cookie = await signedIn(request, "coordinator");
    const admin = await signedIn(await playwright.request.newContext({ baseURL: instanceA }), "admin");
    const cases: [string, Parameters<typeof raw>[0]][] = [
      ["api search NUL", { method: "GET", path: "/api/patients?q=%00", headers: { cookie } }],
      ["page search NUL", { method: "GET", path: "/patients?q=%00", headers: { cookie } }],
      [
        "audit before 40 nines",
        { method: "GET", path: `/admin/audit?before=${"9".repeat(40)}`, headers: { cookie: admin } },
      ],
      ["audit impossible date", { method: "GET", path: "/admin/audit?from=2026-02-31", headers: { cookie: admin } }],
      [
        "booking with __proto__",
        {
          method: "POST",
          path: "/api/visits",
          headers: { cookie, origin: instanceA, "content-type": "application/json" },
          body: '{"__proto__":{}}',
        },
      ],
      [
        "booking invalid JSON",
        {
          method: "POST",
          path: "/api/visits",
          headers: { cookie, origin: instanceA, "content-type": "application/json" },
          body: "{nope",
        },
      ],
    ];
    for (const [label, c] of cases) {
      const res = await raw(c);
      expect(isServerError(res.status), `${label}: no server error (status ${res.status})`).toBe(false);
      expect(res.body, label).not.toMatch(INTERNAL);
    }
    const search = await raw(cases[0]![1]);
    expect(search.status).toBe(400);
    // The sign-in form with a NUL in the email: refused in words, never with Prisma's.
    const anonymous = await playwright.request.newContext({ baseURL: instanceA });
    const html = await (await anonymous.get("/login")).text();
    const csrf = /name="csrfToken" value="([a-f0-9]+)"/.exec(html)![1]!;
    const res = await anonymous.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf, email: "admin\u0000@demo.clinic", password: "x", callbackUrl: "/", json: "true" },
      headers: { origin: instanceA },
      maxRedirects: 0,
    });
    expect(isServerError(res.status()), `sign-in with a NUL: no server error (status ${res.status()})`).toBe(false);
    expect(await res.text()).not.toMatch(INTERNAL);
  });

  // Every server action of the build, listed from the source tree and found in Next's manifest.
  const manifest = JSON.parse(
    readFileSync(join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename: string; exportedName: string }> };
  const src = join(root, "src");
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === "generated"
          ? []
          : walk(join(d, e.name))
        : /\.tsx?$/.test(e.name)
          ? [join(d, e.name)]
          : [],
    );
  const sourceActions = walk(src)
    .filter((f) => /^\s*["']use server["']/.test(readFileSync(f, "utf8")))
    .flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/^export async function (\w+)/gm)].map(
        (m) => `src/${relative(src, f)}#${m[1]}`,
      ),
    );
  const byName = new Map(Object.entries(manifest.node).map(([id, v]) => [`${v.filename}#${v.exportedName}`, id]));

  test("every action in the source is in the build, and each refuses hostile envelopes and arguments without a 500", async ({
    request,
  }) => {
    test.setTimeout(180_000);
    expect(sourceActions.length).toBeGreaterThan(40);
    expect(
      sourceActions.filter((a) => !byName.has(a)),
      "actions missing from the build manifest",
    ).toEqual([]);
    const cookie = await signedIn(request, "clinician");
    const bodies = [
      "not json",
      "{}",
      '"a string"',
      "[",
      '["\\u0000", {"__proto__": {"x": 1}}, 1e308, null, [1,2], "2026-02-31"]',
      "[]",
    ];
    for (const action of sourceActions) {
      const id = byName.get(action)!;
      for (const body of bodies) {
        const res = await raw({
          method: "POST",
          path: "/today",
          headers: {
            cookie,
            origin: instanceA,
            "next-action": id,
            "content-type": "text/plain;charset=UTF-8",
            accept: "text/x-component",
          },
          body,
        });
        expect(isServerError(res.status), `${action} ${body}: no server error (status ${res.status})`).toBe(false);
        expect(res.body, `${action} ${body}`).not.toMatch(INTERNAL);
      }
      const cross = await raw({
        method: "POST",
        path: "/today",
        headers: {
          cookie,
          origin: "https://evil.example",
          "next-action": id,
          "content-type": "text/plain;charset=UTF-8",
        },
        body: "[]",
      });
      expect(cross.status, `${action} cross-site`).toBe(403);
    }
  });
});
