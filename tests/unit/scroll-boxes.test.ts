import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Architecture rule (issue 10, D9): a box that scrolls or clips (overflow auto/scroll/hidden/clip)
 * is also positioned (`relative`, or absolute/fixed/sticky). Screen-reader-only text (`sr-only`)
 * is absolutely positioned; its containing block is the nearest positioned ancestor, so inside an
 * unpositioned scroll box it escapes the box and makes the whole page scroll sideways at 360 px
 * (as on /schedule and /visits). tests/e2e/layout.spec.ts checks every page at 360 px as well.
 */
const overflowClass = /(?:^|\s)(?:[a-z]+:)*overflow(?:-[xy])?-(?:auto|scroll|hidden|clip)(?=\s|$)/;
const positioned = /(?:^|\s)(?:relative|absolute|fixed|sticky)(?=\s|$)/;

/** Class lists in className="..." and className={`...`} (the static parts of a template). */
export function classLists(source: string): { line: number; classes: string }[] {
  const out: { line: number; classes: string }[] = [];
  for (const m of source.matchAll(/className=(?:"([^"]*)"|\{`([^`]*)`\})/g)) {
    const classes = (m[1] ?? m[2] ?? "").replace(/\$\{[^}]*\}/g, " ");
    out.push({ line: source.slice(0, m.index).split("\n").length, classes });
  }
  return out;
}

export function unpositionedScrollBoxes(source: string): { line: number; classes: string }[] {
  return classLists(source).filter((c) => overflowClass.test(c.classes) && !positioned.test(c.classes));
}

const root = join(import.meta.dirname, "..", "..");
function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : tsxFiles(p);
    return e.name.endsWith(".tsx") ? [p] : [];
  });
}

describe("scroll boxes are positioned", () => {
  it.each([
    ['<div className="overflow-x-auto rounded-lg">', 1],
    ['<div className="relative overflow-x-auto rounded-lg">', 0],
    ['<ul className="flex max-h-64 overflow-y-auto">', 1],
    ['<div className="md:overflow-auto">', 1],
    ['<figure className={`relative overflow-hidden ${big ? "a" : "b"}`}>', 0],
    ['<figure className={`overflow-hidden ${big ? "relative" : "b"}`}>', 1],
    ['<div className="overflow-visible">', 0],
    ['<p className="text-overflow-x-auto-like">', 0],
  ])("%s -> %d finding(s)", (src, n) => {
    expect(unpositionedScrollBoxes(src)).toHaveLength(n);
  });

  it("every scroll or clip box in src/ is positioned", () => {
    const found = tsxFiles(join(root, "src")).flatMap((f) =>
      unpositionedScrollBoxes(readFileSync(f, "utf8")).map(
        (c) => `${relative(root, f)}:${c.line} "${c.classes.trim()}" needs "relative" (sr-only text would escape it)`,
      ),
    );
    expect(found).toEqual([]);
  });
});
