import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { forbidden, notFound } from "next/navigation";
import { describe, expect, it } from "vitest";
import { apiRoute, isCrossSite } from "@/server/api-route";
import { fromHeaders } from "@/server/request-context";
import { AccessDenied, AppError, errorCodes } from "@/server/errors";

/**
 * /api is not behind proxy.ts, so every route handler there must be wrapped in apiRoute
 * (cross-site refusal for writes, server-made request id, no-store). A new route that forgets
 * the wrapper fails here.
 */
const apiDir = join(import.meta.dirname, "..", "..", "src", "app", "api");
/** The FHIR API (src/app/fhir) answers other systems too: the same wrapper. */
const fhirDir = join(import.meta.dirname, "..", "..", "src", "app", "fhir");
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : [],
  );
}
const METHODS = "GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE";

describe("every /api and /fhir route handler is wrapped in apiRoute", () => {
  const files = [...routeFiles(apiDir), ...routeFiles(fhirDir)];
  it("finds the route files", () => expect(files.length).toBeGreaterThanOrEqual(12));

  it.each(files.map((f) => [relative(join(apiDir, ".."), f), f]))("%s", (_name, file) => {
    const src = readFileSync(file, "utf8");
    expect(src).not.toMatch(new RegExp(`export\\s+(async\\s+)?function\\s+(${METHODS})\\b`));
    const exported: string[] = [];
    for (const m of src.matchAll(new RegExp(`export\\s+const\\s+(${METHODS})\\s*=\\s*(\\w+)\\(`, "g"))) {
      expect(m[2], `${m[1]} must be apiRoute(...)`).toBe("apiRoute");
      exported.push(m[1]!);
    }
    for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1]!.split(",")) {
        const [local, as] = part.trim().split(/\s+as\s+/);
        if (!as || !new RegExp(`^(${METHODS})$`).test(as)) continue;
        expect(src, `${as} (${local}) must be apiRoute(...)`).toMatch(
          new RegExp(`const\\s+${local}\\s*=\\s*apiRoute\\(`),
        );
        exported.push(as);
      }
    }
    expect(exported.length, "no exported handler found").toBeGreaterThan(0);
  });
});

/**
 * One JSON error shape (docs/architecture.md#errors): route handlers answer errors through
 * errorResponse / validationResponse / appErrorResponse, never with a hand-built `{ error: ... }`.
 * FHIR (OperationOutcome) and OAuth (RFC 6749 `error`) answers have their own standard shapes
 * and live under src/app/fhir, which this does not read.
 */
describe("no route handler builds a JSON error by hand", () => {
  const appDir = join(import.meta.dirname, "..", "..", "src", "app");
  const files = [
    ...routeFiles(appDir).filter((f) => !relative(appDir, f).startsWith("fhir")),
    join(import.meta.dirname, "..", "..", "src", "modules", "video", "http.server.ts"),
  ];
  it("finds the route files", () => expect(files.length).toBeGreaterThanOrEqual(12));
  it.each(files.map((f) => [relative(appDir, f), f]))("%s", (_name, file) => {
    const src = readFileSync(file, "utf8");
    expect(src).not.toMatch(/json\(\s*\{\s*error\b/i);
    expect(src).not.toMatch(/\bfieldErrors\s*:/);
  });
});

describe("apiRoute", () => {
  const req = (method: string, headers: Record<string, string> = {}) =>
    new Request("http://clinic.test/api/x", { method, headers: { host: "clinic.test", ...headers } });

  it("refuses cross-site writes before the handler runs", async () => {
    let ran = false;
    const POST = apiRoute(async () => {
      ran = true;
      return Response.json({ ok: true });
    });
    const res = await POST(req("POST", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), {});
    expect(res.status).toBe(403);
    expect(ran).toBe(false);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await POST(req("POST", { origin: "https://evil.example" }), {})).status).toBe(403);
    expect((await POST(req("POST", { origin: "null" }), {})).status).toBe(403);
    expect((await POST(req("DELETE", { "sec-fetch-site": "same-site" }), {})).status).toBe(403);
    expect(ran).toBe(false);
  });

  it("lets same-origin writes, tools without Origin, and cross-site reads through", async () => {
    const handler = apiRoute(async () => Response.json({ ok: true }, { status: 201 }));
    expect((await handler(req("POST", { origin: "http://clinic.test" }), {})).status).toBe(201);
    expect((await handler(req("POST", { "sec-fetch-site": "same-origin" }), {})).status).toBe(201);
    expect((await handler(req("POST"), {})).status).toBe(201);
    expect(
      (await handler(req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), {})).status,
    ).toBe(201);
  });

  it("gives each request its own id for the audit trail and the response, ignoring a client's", async () => {
    let seen = "";
    const GET = apiRoute(async (r: Request) => {
      seen = fromHeaders(r.headers).requestId;
      return Response.redirect("http://clinic.test/elsewhere", 303); // immutable headers
    });
    const res = await GET(req("GET", { "x-request-id": "forged" }), {});
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(seen);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.status).toBe(303);
    const first = seen;
    const again = await GET(req("GET"), {});
    expect(again.headers.get("x-request-id")).toBe(seen);
    expect(seen).not.toBe(first);
  });

  it("answers a denial from a data function as JSON with the request id (not Next's bare 403)", async () => {
    process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
    const denied = apiRoute(async () => forbidden());
    const res = await denied(req("GET"), {});
    expect(res.status).toBe(403);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: errorCodes.FORBIDDEN } });
    const missing = apiRoute(async () => notFound());
    expect((await missing(req("GET"), {})).status).toBe(404);
    const broken = apiRoute(async () => {
      throw new Error("boom");
    });
    await expect(broken(req("GET"), {})).rejects.toThrow("boom");
  });

  it.each([
    ["a typed denial", () => new AccessDenied(), 403, { code: "FORBIDDEN", message: errorCodes.FORBIDDEN }],
    ["a missing record", () => new AppError("NOT_FOUND"), 404, { code: "NOT_FOUND", message: errorCodes.NOT_FOUND }],
    [
      "bad input, with its fields",
      () => new AppError("VALIDATION", "Date: enter a real date", { date: ["Date: enter a real date"] }),
      400,
      { code: "VALIDATION", message: "Date: enter a real date", fields: { date: ["Date: enter a real date"] } },
    ],
    ["a conflict", () => new AppError("CONFLICT"), 409, { code: "CONFLICT", message: errorCodes.CONFLICT }],
    [
      "too many tries",
      () => new AppError("RATE_LIMITED"),
      429,
      { code: "RATE_LIMITED", message: errorCodes.RATE_LIMITED },
    ],
  ] as const)("answers %s from a handler as JSON with its status, in one place", async (_n, make, status, body) => {
    const route = apiRoute(async () => {
      throw make();
    });
    const res = await route(req("GET"), {});
    expect(res.status).toBe(status);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // The one JSON error shape, exactly: nothing else at the top level, nothing missing.
    expect(await res.json()).toEqual({ error: body });
  });

  it.each([
    [{ "sec-fetch-site": "same-origin" }, false],
    [{ "sec-fetch-site": "none" }, false],
    [{ "sec-fetch-site": "cross-site" }, true],
    [{ origin: "http://clinic.test" }, false],
    [{ origin: "http://clinic.test:8080" }, true],
    [{ origin: "not a url" }, true],
    [{}, false],
  ])("isCrossSite(%j) = %s", (h, expected) => {
    const headers = new Headers({ host: "clinic.test", ...h });
    expect(isCrossSite((n) => headers.get(n))).toBe(expected);
  });
});
