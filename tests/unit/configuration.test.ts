import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env-schema";

/**
 * Configuration is checked at start and read in one place (src/server/env-schema.ts): a bad
 * value names its variable, and no app file reads process.env itself. The launchers in src/cli
 * set defaults in process.env before the server starts; Next's own NEXT_RUNTIME / NEXT_PHASE
 * tell instrumentation.ts where it runs.
 */
const good = { DATABASE_URL: "postgresql://app@127.0.0.1:5432/vpc", NEXTAUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("accepts the minimum and fills the defaults", () => {
    const env = parseEnv(good);
    expect(env.PORT).toBe(3000);
    expect(env.TRUST_PROXY).toBe("0");
    expect(env.CLINIC_TIME_ZONE).toBe("America/Los_Angeles");
  });
  it.each([
    [{ DATABASE_URL: undefined }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET"],
    [{ PORT: "70000" }, "PORT"],
    [{ TRUST_PROXY: "true" }, "TRUST_PROXY"],
    [{ STAFF_IDLE_MINUTES: "2" }, "STAFF_IDLE_MINUTES"],
    [{ SMTP_URL: "mail.example" }, "SMTP_URL"],
    [{ ICE_TURN_SECRET: "tiny" }, "ICE_TURN_SECRET"],
  ])("refuses %j naming %s", (change, name) => {
    expect(() => parseEnv({ ...good, ...change })).toThrow(
      new RegExp(`Invalid environment configuration - .*${name}:`),
    );
  });
});

const src = join(import.meta.dirname, "..", "..", "src");
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "cli" ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("no app file reads process.env outside the configuration module", () => {
  const all = files(src).map((f) => relative(src, f));
  it("finds the app's files", () => expect(all.length).toBeGreaterThan(100));
  it.each(all.filter((f) => f !== "server/env-schema.ts").map((f) => [f]))("%s", (f) => {
    const text = readFileSync(join(src, f), "utf8").replace(/process\.env\.(NEXT_RUNTIME|NEXT_PHASE)\b/g, "");
    expect(text, "read configuration through getEnv() / readEnv() (src/server/env-schema.ts)").not.toMatch(
      /process\.env/,
    );
  });
});
