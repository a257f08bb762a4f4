import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `npm audit` cannot run here (the registry answers 405), so this guards the known advisories'
 * patched floors from the lockfile (docs/security-model.md#framework-floor): React Server Components RCE
 * (CVE-2025-55182 / CVE-2025-66478, fixed in next 16.0.7 and react 19.0.1 / 19.1.2 / 19.2.1) and
 * the May 2026 proxy-bypass and SSRF advisories (fixed in next 16.2.6).
 */
type Lock = { packages: Record<string, { version?: string }> };
const lock = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package-lock.json"), "utf8")) as Lock;

function parse(v: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`unparseable version ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
export function atLeast(v: string, floor: string): boolean {
  const a = parse(v);
  const b = parse(floor);
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return true;
}

describe("framework floor", () => {
  it.each([
    ["16.2.5", "16.2.6", false],
    ["16.2.6", "16.2.6", true],
    ["16.10.0", "16.2.6", true],
    ["15.9.9", "16.2.6", false],
  ])("atLeast(%s, %s) = %s", (v, f, ok) => expect(atLeast(v, f)).toBe(ok));

  it("next is at or above 16.2.6", () => {
    expect(atLeast(lock.packages["node_modules/next"]!.version!, "16.2.6")).toBe(true);
  });

  it.each(["react", "react-dom"])("%s is at or above 19.2.1", (name) => {
    expect(atLeast(lock.packages[`node_modules/${name}`]!.version!, "19.2.1")).toBe(true);
  });
});
