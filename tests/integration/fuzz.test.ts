import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { errorCodes } from "@/server/errors";
import {
  beginRequest,
  changedTables,
  dataFingerprint,
  discoverActions,
  discoverRoutes,
  isRefusal,
  outcomeOf,
  requestFor,
  type Outcome,
  type RouteHandler,
} from "../factories/next-request";
import { cookiesFor, makeFixture, type Fixture, type MatrixRole } from "./authz-fixture";
import { actionSpecs, routeSpecs, type Cell } from "./authz-specs";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * One fuzz test per server action and per route handler (listed from the source tree through
 * authz-specs.ts): the valid call of the spec, mutated - wrong types, missing fields, oversized
 * and unknown fields, NUL and control characters, prototype keys, impossible dates, huge numbers.
 * None may end in an uncaught error (Next's 500) or show internal text, and a refused one writes
 * nothing. Framework-level input (bodies, methods, envelopes) is tests/e2e/security-http.spec.ts.
 */
let f: Fixture;
let actions: Map<string, (...args: unknown[]) => Promise<unknown>>;
let routes: Map<string, RouteHandler>;
beforeAll(async () => {
  f = await makeFixture();
  actions = await discoverActions();
  routes = await discoverRoutes();
}, 120_000);

// The "writes nothing" check must itself be able to fail: it sees a committed write and a
// changed row, and not a write that was rolled back or an update that changed nothing.
describe("the write counter behind 'a refused input writes nothing'", () => {
  it("sees committed writes only", async () => {
    const before = await dataFingerprint();
    await db
      .$transaction(async (tx) => {
        await tx.resource.create({ data: { name: "Rolled back", purpose: "x", url: "https://example.org/x" } });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(changedTables(before, await dataFingerprint())).toEqual([]);
    const r = await db.resource.create({ data: { name: "Kept", purpose: "x", url: "https://example.org/y" } });
    const afterCreate = await dataFingerprint();
    expect(changedTables(before, afterCreate)).toEqual(["Resource"]);
    await db.resource.update({ where: { id: r.id }, data: { purpose: r.purpose } });
    expect(changedTables(afterCreate, await dataFingerprint())).toEqual([]);
    await db.resource.update({ where: { id: r.id }, data: { purpose: "changed" } });
    expect(changedTables(afterCreate, await dataFingerprint())).toEqual(["Resource"]);
  });
});

// Prisma's, Postgres's and JavaScript's own words: none may reach a person.
const INTERNAL =
  /prisma|invocation|sqlstate|violates|duplicate key|syntax error|invalid input syntax|out of range for type|unicode escape|typeerror|referenceerror|cannot read prop|is not a function|\bat \w+ \(|node_modules|\/src\//i;

const FIELD_VALUES: [string, (v: string) => string | null][] = [
  ["missing", () => null],
  ["NUL inside", (v) => `${v.slice(0, 5)}\u0000${v.slice(5)}`],
  ["escape and bell", (v) => `\u001b[31m${v}\u0007`],
  ["20,000 characters", () => "x".repeat(20_000)],
  ["huge number", () => "9".repeat(40)],
  ["negative exponent", () => "-1e309"],
  ["impossible date", () => "2026-02-31"],
  ["empty", () => ""],
];
const ARG_VALUES: [string, unknown][] = [
  ["null", null],
  ["a number", 42],
  ["NUL string", "\u0000"],
  ["an object", { entries: "x" }],
  ["prototype keys", JSON.parse('{"__proto__":{"role":"ADMIN"},"constructor":{"prototype":{}}}') as unknown],
  ["an array", ["a", 1]],
  ["a long string", "y".repeat(100_000)],
];

function firstRole(allowed: MatrixRole[], access?: string): MatrixRole {
  return access ? "anonymous" : (allowed[0] ?? "clinician");
}

function check(o: Outcome, label: string) {
  if (o.kind === "thrown") {
    const e = o.error as { name?: string; message?: string; code?: string };
    throw new Error(
      `${label}: uncaught ${e?.name ?? "error"} (a 500): ${String(e?.message ?? e).slice(0, 300)} ${e?.code ?? ""}`,
    );
  }
  const text =
    o.kind === "response"
      ? o.text
      : o.kind === "value"
        ? JSON.stringify(
            (o.value as { message?: unknown; errors?: unknown } | undefined)
              ? { m: (o.value as { message?: unknown }).message, e: (o.value as { errors?: unknown }).errors }
              : null,
          )
        : "";
  expect(text, `${label}: internal text`).not.toMatch(INTERNAL);
  if (o.kind === "response") expect(o.status, `${label}: status`).toBeLessThan(500);
  // The generic "something went wrong" state is an unexpected error caught at the last moment:
  // a malformed input must get a field error instead.
  if (o.kind === "value")
    expect((o.value as { message?: string } | undefined)?.message, `${label}: unexpected error`).not.toBe(
      errorCodes.INTERNAL,
    );
  if (o.kind === "response") expect(o.text, `${label}: unexpected error`).not.toContain(errorCodes.INTERNAL);
}

async function fuzz(label: string, role: MatrixRole, run: () => Promise<unknown>) {
  const cookies = await cookiesFor(f, role);
  const before = await dataFingerprint();
  beginRequest({ cookies, path: "/" });
  const o = await outcomeOf(run);
  check(o, label);
  if (isRefusal(o) || (o.kind === "response" && o.status >= 400))
    expect(changedTables(before, await dataFingerprint()), `${label}: a refused input writes nothing`).toEqual([]);
}

describe.each(Object.entries(actionSpecs))("fuzz action %s", (key, spec) => {
  it("refuses every malformed input cleanly", async () => {
    const fn = actions.get(key)!;
    expect(fn, key).toBeTypeOf("function");
    const role = firstRole(spec.allowed);
    const valid = async () => {
      const s = spec.setup ? await spec.setup(f) : {};
      return spec.args({ f, s, role } satisfies Cell);
    };
    const args = await valid();
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg instanceof FormData) {
        const fields = [...new Set(arg.keys())];
        for (const field of fields) {
          for (const [name, mutate] of FIELD_VALUES) {
            const a = await valid();
            const fd = a[i] as FormData;
            const v = mutate(String(fd.get(field) ?? ""));
            fd.delete(field);
            if (v !== null) fd.append(field, v);
            await fuzz(`${field}: ${name}`, role, () => fn(...a));
          }
          const a = await valid();
          (a[i] as FormData).append(field, "second value");
          await fuzz(`${field}: twice`, role, () => fn(...a));
        }
        for (const [extra, value] of [
          ["__proto__", "x"],
          ["constructor", "x"],
          ["unexpected", "1"],
          ["a\u0000b", "1"],
        ] as const) {
          const a = await valid();
          (a[i] as FormData).append(extra, value);
          await fuzz(`extra field ${JSON.stringify(extra)}`, role, () => fn(...a));
        }
        const a = await valid();
        (a[i] as FormData).append("file", new File(["%PDF"], "x.pdf"));
        await fuzz("a file field", role, () => fn(...a));
      }
      for (const [name, value] of ARG_VALUES) {
        const a = await valid();
        a[i] = value;
        await fuzz(`argument ${i}: ${name}`, role, () => fn(...a));
      }
    }
    await fuzz("no arguments", role, () => fn());
    const extra = await valid();
    await fuzz("extra arguments", role, () => fn(...extra, "extra", { x: 1 }));
  }, 300_000);
});

const JSON_VALUES: [string, (v: unknown) => unknown][] = [
  ["missing", () => undefined],
  ["a number", () => 1e308],
  ["an object", () => ({ nested: { deep: true } })],
  ["an array", () => ["x"]],
  ["NUL inside", (v) => `${String(v)}\u0000`],
  ["20,000 characters", () => "z".repeat(20_000)],
  ["huge integer", () => Number("9".repeat(40))],
  ["impossible date", () => "2026-02-31T25:61:00Z"],
  ["null", () => null],
];

// next-auth's routes run only inside Next (they read its own cookies()): fuzzed over HTTP in tests/e2e/security-http.spec.ts.
describe.each(Object.entries(routeSpecs).filter(([, s]) => !s.httpOnly))("fuzz route %s", (key, spec) => {
  it("refuses every malformed input cleanly", async () => {
    const handler = routes.get(key)!;
    expect(handler, key).toBeTypeOf("function");
    const method = key.split(" ")[0]!;
    const role = firstRole(spec.allowed, spec.access);
    const build = async () => {
      const s = spec.setup ? await spec.setup(f) : {};
      return spec.request({ f, s, role });
    };
    const send = async (r: Awaited<ReturnType<typeof build>>, body?: string) => {
      return handler(
        new NextRequest(requestFor(r.path, { method, ...r.init, ...(body !== undefined ? { body } : {}) })),
        { params: Promise.resolve(r.params) },
      );
    };
    const base = await build();
    // Path parameters and the query string.
    for (const [name, value] of [
      ["NUL", "\u0000"],
      ["not a uuid", "not-a-uuid"],
      ["long", "p".repeat(5000)],
      ["traversal", "../../etc/passwd"],
      ["proto", "__proto__"],
    ] as const) {
      const r = await build();
      const params = Object.fromEntries(
        Object.entries(r.params).map(([k, v]) => [k, Array.isArray(v) ? [value] : value]),
      );
      await fuzz(`path parameter: ${name}`, role, () =>
        send({ ...r, params, path: r.path.split("?")[0]! + "?q=" + encodeURIComponent(value) }),
      );
    }
    for (const q of [
      "q=%00",
      "q=" + "%FF".repeat(10),
      "page=" + "9".repeat(40),
      "page=-1",
      "q=a&q=b",
      "__proto__[x]=1",
    ]) {
      const r = await build();
      await fuzz(`query ${q.slice(0, 30)}`, role, () => send({ ...r, path: `${r.path.split("?")[0]}?${q}` }));
    }
    if (method === "POST") {
      const raw =
        typeof base.init?.body === "string" && base.init.body.startsWith("{")
          ? (JSON.parse(base.init.body) as Record<string, unknown>)
          : null;
      for (const body of [
        "",
        "not json",
        "[]",
        "null",
        '"text"',
        '{"__proto__":{}}',
        '{"constructor":{"prototype":{"x":1}}}',
        "{".repeat(5000),
      ]) {
        const r = await build();
        await fuzz(`body ${body.slice(0, 20)}`, role, () => send(r, body));
      }
      if (raw) {
        for (const field of Object.keys(raw)) {
          for (const [name, mutate] of JSON_VALUES) {
            const r = await build();
            const b = JSON.parse(String(r.init!.body)) as Record<string, unknown>;
            const v = mutate(b[field]);
            if (v === undefined) delete b[field];
            else b[field] = v;
            await fuzz(`${field}: ${name}`, role, () => send(r, JSON.stringify(b)));
          }
        }
        const r = await build();
        await fuzz("unknown field", role, () =>
          send(r, JSON.stringify({ ...(JSON.parse(String(r.init!.body)) as object), isAdmin: true })),
        );
      }
    }
  }, 300_000);
});
