import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 11: no source file over about 300 lines without a stated reason. A file in src/ (the
 * generated Prisma client aside) that is longer must say why in a comment that starts with
 * "Longer than 300 lines on purpose:". Tests are exempt: a test file follows the behaviour it
 * covers, one file per module's use cases (docs/architecture.md#use-case-files).
 */
const root = join(import.meta.dirname, "..", "..");
const LIMIT = 300;
const REASON = "Longer than 300 lines on purpose:";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

export function overLimitWithoutReason(text: string): boolean {
  return text.split("\n").length > LIMIT + 1 && !text.includes(REASON);
}

describe("file size", () => {
  it.each([
    ["short file", "a\n".repeat(LIMIT), false],
    ["long file, no reason", "a\n".repeat(LIMIT + 5), true],
    ["long file with its reason", `// ${REASON} data\n${"a\n".repeat(LIMIT + 5)}`, false],
  ])("%s", (_name, text, expected) => expect(overLimitWithoutReason(text)).toBe(expected));

  it("every source file over 300 lines says why", () => {
    const files = sources(join(root, "src"));
    expect(files.length).toBeGreaterThan(300);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(f, "utf8");
      return overLimitWithoutReason(text) ? [`${f.slice(root.length + 1)} (${text.split("\n").length} lines)`] : [];
    });
    expect(offenders, `split the file into use cases, or say why at its top ("${REASON} ...")`).toEqual([]);
  });
});
