import { describe, expect, it } from "vitest";
import { apiRoute } from "@/server/api-route";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/server/errors";

/**
 * A database outage is a retryable 503, not a 500 (docs/security-model.md#reliability); a wrong
 * query or a constraint is not an outage. Shapes as pg and Prisma's pg adapter throw them.
 */
const pgError = (code: string) => Object.assign(new Error("pg"), { code });
const prismaWrapped = (cause: unknown) =>
  Object.assign(new Error(""), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: { cause } },
  });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["server starting or stopping (57P03)", pgError("57P03"), true],
    ["terminated by the administrator (57P01)", pgError("57P01"), true],
    ["connection failure (08006)", pgError("08006"), true],
    ["too many connections (53300)", pgError("53300"), true],
    ["connection refused", pgError("ECONNREFUSED"), true],
    ["connection reset", pgError("ECONNRESET"), true],
    ["pool connect timeout", new Error("timeout exceeded when trying to connect"), true],
    ["connection terminated", new Error("Connection terminated unexpectedly"), true],
    ["Prisma: cannot reach the server", Object.assign(new Error(""), { code: "P1001" }), true],
    ["Prisma adapter wrapping 57P03", prismaWrapped({ originalCode: "57P03" }), true],
    ["adapter kind DatabaseNotReachable", prismaWrapped({ kind: "DatabaseNotReachable" }), true],
    ["cause chain", Object.assign(new Error("outer"), { cause: pgError("ECONNREFUSED") }), true],
    ["unique violation", pgError("23505"), false],
    ["exclusion violation", pgError("23P01"), false],
    ["syntax error", pgError("42601"), false],
    ["Prisma unique (P2002)", Object.assign(new Error(""), { code: "P2002" }), false],
    ["plain error", new Error("boom"), false],
    ["not an error", "nope", false],
  ])("%s", (_name, error, expected) => expect(isDatabaseUnavailable(error)).toBe(expected));
});

describe("apiRoute during a database outage", () => {
  it("answers 503 with Retry-After and a clear message", async () => {
    const res = await apiRoute(() => Promise.reject(pgError("ECONNREFUSED")))(new Request("http://x/api/t"), {});
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: { code: "UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });
  });

  it("still throws other errors (Next answers 500 without details)", async () => {
    await expect(apiRoute(() => Promise.reject(pgError("42601")))(new Request("http://x/api/t"), {})).rejects.toThrow();
  });
});
