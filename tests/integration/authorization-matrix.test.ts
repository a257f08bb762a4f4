import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { hashPassword } from "@/server/auth/password";
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
import { cookiesFor, makeFixture, PASSWORD, ROLES, type Fixture, type MatrixRole } from "./authz-fixture";
import { actionSpecs, routeSpecs, type Cell } from "./authz-specs";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * The authorization matrix (docs/security-model.md#every-entry-point-checks): EVERY server action and EVERY route handler (found in the
 * source tree) x every role - anonymous, patient A, patient B (trying A's ids), coordinator,
 * clinician, admin, a deactivated user. Allowed cells must work; every other cell is refused
 * (sign-in, 401/403/404 or an error state), writes nothing, returns no data, and leaves exactly
 * one audit row for the attempt when it is a denial. A new action or route fails "is listed"
 * until it gets its line in authz-specs.ts.
 */
let f: Fixture;
let actions: Map<string, (...args: unknown[]) => Promise<unknown>>;
let routes: Map<string, RouteHandler>;

beforeAll(async () => {
  f = await makeFixture();
  actions = await discoverActions();
  routes = await discoverRoutes();
}, 120_000);

const PHI = () => [f.patientA.familyName, f.patientA.mrn];

function expectNoData(o: Outcome) {
  const text = o.kind === "response" ? o.text : o.kind === "value" ? JSON.stringify(o.value ?? null) : "";
  for (const s of PHI()) expect(text, "a refused call returns none of the patient's data").not.toContain(s);
  if (o.kind === "value" && o.value && typeof o.value === "object") {
    expect(
      Object.keys(o.value).filter((k) => !["status", "message", "errors", "values"].includes(k)),
      "nothing but an error state",
    ).toEqual([]);
  }
}

async function refusalRows(requestId: string) {
  return db.auditEvent.findMany({
    where: { requestId, outcome: { in: ["DENIED", "FAILURE"] } },
    select: { patientId: true, outcome: true },
  });
}

async function runCell(
  role: MatrixRole,
  allowed: boolean,
  setup: ((f: Fixture) => Promise<Record<string, string>>) | undefined,
  call: (c: Cell) => Promise<unknown>,
  works: ((o: Outcome, c: Cell) => boolean) | undefined,
  path: string,
) {
  if (role !== "anonymous")
    await db.user.update({ where: { id: f.users[role].id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  const s = setup ? await setup(f) : {};
  const c: Cell = { f, s, role };
  const cookies = await cookiesFor(f, role);
  const before = allowed ? "" : await dataFingerprint();
  const requestId = beginRequest({ cookies, path });
  const o = await outcomeOf(() => call(c));
  if (o.kind === "thrown") throw o.error;
  if (allowed) {
    if (works) expect(works(o, c), `${role} must be able to do this: ${JSON.stringify(o).slice(0, 400)}`).toBe(true);
    else expect(isRefusal(o), `${role} must be able to do this: ${JSON.stringify(o).slice(0, 400)}`).toBe(false);
    return;
  }
  expect(isRefusal(o), `${role} must be refused: ${JSON.stringify(o).slice(0, 400)}`).toBe(true);
  const after = await dataFingerprint();
  expect(changedTables(before, after), "a refused call writes nothing").toEqual([]);
  expectNoData(o);
  const rows = await refusalRows(requestId);
  expect(rows.length, "one attempt, at most one audit row").toBeLessThanOrEqual(1);
  if (
    o.kind === "forbidden" ||
    (o.kind === "redirect" && o.location.startsWith("/login?callbackUrl")) ||
    (o.kind === "response" && [401, 403].includes(o.status))
  ) {
    expect(rows.length, "a denial is audited").toBe(1);
  }
  // Patient B trying patient A's records: the row names patient A.
  if (role === "patientB" && rows[0]?.patientId) expect(rows[0].patientId).toBe(f.patientA.id);
}

describe("every server action is listed", () => {
  it("has a line for each exported action, and no line for one that is gone", () => {
    expect(actions.size).toBeGreaterThan(40);
    expect(
      [...actions.keys()].filter((k) => !actionSpecs[k]),
      "add these to authz-specs.ts",
    ).toEqual([]);
    expect(
      Object.keys(actionSpecs).filter((k) => !actions.has(k)),
      "remove these from authz-specs.ts",
    ).toEqual([]);
  });
});

describe("every route handler is listed", () => {
  it("has a line for each exported method, and no line for one that is gone", () => {
    expect(routes.size).toBeGreaterThan(15);
    expect(
      [...routes.keys()].filter((k) => !routeSpecs[k]),
      "add these to authz-specs.ts",
    ).toEqual([]);
    expect(
      Object.keys(routeSpecs).filter((k) => !routes.has(k)),
      "remove these from authz-specs.ts",
    ).toEqual([]);
  });
});

describe.each(Object.entries(actionSpecs))("action %s", (key, spec) => {
  it.each(ROLES.map((r) => [r, spec.allowed.includes(r)] as const))("%s allowed %s", async (role, allowed) => {
    const fn = actions.get(key);
    expect(fn, `${key} exists`).toBeTypeOf("function");
    await runCell(role, allowed, spec.setup, async (c) => fn!(...spec.args(c)), spec.works, "/");
  });
});

describe.each(Object.entries(routeSpecs).filter(([, s]) => !s.httpOnly))("route %s", (key, spec) => {
  const method = key.split(" ")[0]!;
  it.each(ROLES.map((r) => [r, spec.access === "public" || spec.allowed.includes(r)] as const))(
    "%s allowed %s",
    async (role, allowed) => {
      const handler = routes.get(key);
      expect(handler, `${key} exists`).toBeTypeOf("function");
      const works = spec.access === "public" ? (o: Outcome) => o.kind === "response" && o.status < 500 : spec.works;
      await runCell(
        role,
        allowed,
        spec.setup,
        async (c) => {
          const r = spec.request(c);
          const res = await handler!(new NextRequest(requestFor(r.path, { method, ...r.init })), {
            params: Promise.resolve(r.params),
          });
          // A public route answers everyone the same way; whatever it is, it is not a 500.
          return res;
        },
        works,
        key.split(" ")[1]!,
      );
    },
  );
});
