import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The repository stands on its own (issue 11, item 6). Two rules, checked over every file in the
 * working tree that git tracks or would track:
 * 1. Outside docs/, nothing cites the team's guide files that live outside the repository
 *    (`shared/guide`, `shared/seed`, or CLINICAL / SECURITY / UX / STYLE / MACHINE .md without a
 *    `docs/` path). Their content lives in docs/clinical-reference.md, docs/security-model.md
 *    and docs/ux-principles.md.
 * 2. Every `docs/<file>.md#<anchor>` cited anywhere (and every relative link inside docs/ and the
 *    README) points at a file that exists and a heading that exists, so renaming a heading
 *    without its citations fails here.
 * 3. The living documents (README.md and the references in docs/, not the decision records, which
 *    are history and may name what a decision replaced) name only repository paths that exist
 *    (`src/...`, `tests/...`, `prisma/...`, `deploy/...`, `public/...`), so a moved or split file
 *    cannot leave a map pointing at nothing.
 * prisma/migrations/ is left out of rule 1: an applied migration is frozen (its checksum is
 * recorded in _prisma_migrations and src/cli/lib/migrations.ts refuses a changed file), so old
 * comments there stay as they were written.
 */
const root = join(import.meta.dirname, "..", "..");
const SELF = "tests/unit/repository-self-contained.test.ts";
const FROZEN = "prisma/migrations/";
const BINARY = /\.(png|jpe?g|gif|ico|webp|woff2?|ttf|otf|pdf|gz|zip|mp4|webm|wasm)$/i;
const WALK_SKIP = new Set([
  ".git",
  "node_modules",
  ".next",
  ".data",
  "generated",
  "test-results",
  "playwright-report",
  "coverage",
]);

function walk(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (WALK_SKIP.has(e.name)) return [];
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walk(join(dir, e.name), rel) : e.isFile() ? [rel] : [];
  });
}

/** Tracked and untracked-but-not-ignored files; a plain walk when there is no git checkout. */
function repositoryFiles(): string[] {
  let files: string[];
  try {
    files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    })
      .split("\0")
      .filter(Boolean);
  } catch {
    files = walk(root);
  }
  return files.filter((f) => !BINARY.test(f) && existsSync(join(root, f))).sort();
}

/** Citations of files outside the repository in one text. */
export function outsideCitations(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\/work\/|\.\.\/)*shared\/(?:guide|seed|hooks)\b/g)) found.push(m[0]);
  for (const m of text.matchAll(/([\w./-]*?)\b(?:CLINICAL|SECURITY|UX|STYLE|MACHINE)\.md\b/g)) {
    if (!/(^|\/)docs\/([\w.-]+\/)*$/.test(m[1] ?? "")) found.push(m[0]);
  }
  return found;
}

/** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Anchors of a markdown text's headings (outside code fences), with GitHub's -1, -2 for repeats. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = githubSlug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

type Citation = { line: number; target: string; anchor: string | null };

/** `docs/<path>.md` and `docs/<path>.md#<anchor>` citations, resolved from the repository root. */
export function docsCitations(text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(/(?<![\w/.-])docs\/((?:[\w.-]+\/)*[\w.-]+\.md)(?:#([\w-]+))?/g)) {
    out.push({ line: lineOf(text, m.index), target: `docs/${m[1]}`, anchor: m[2] ?? null });
  }
  return out;
}

/** Relative markdown links (`[x](file.md#a)`, `[x](#a)`, `[x](decisions/)`), resolved from the file's folder. */
export function relativeLinks(text: string, fromFile: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const href = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/")) continue;
    const [path, anchor] = href.split("#", 2) as [string, string | undefined];
    const target = path ? posix.normalize(posix.join(posix.dirname(fromFile), path)) : fromFile;
    out.push({ line: lineOf(text, m.index), target, anchor: anchor ?? null });
  }
  return out;
}

/** Repository paths named in a text (`src/...`, `tests/...`): placeholders (`<m>`, `*`, `{a,b}`) are left out. */
export function repoPaths(text: string): { line: number; path: string }[] {
  const out: { line: number; path: string }[] = [];
  for (const m of text.matchAll(/(?<![\w/.@-])((?:src|tests|prisma|deploy|public)\/[\w./()[\]-]*[\w)\]])/g)) {
    const path = m[1]!;
    if (/^\/?[<*{]/.test(text.slice(m.index + path.length, m.index + path.length + 2))) continue;
    out.push({ line: lineOf(text, m.index), path });
  }
  return out;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

const files = repositoryFiles();
const texts = new Map(files.filter((f) => f !== SELF).map((f) => [f, readFileSync(join(root, f), "utf8")] as const));
const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let a = anchorCache.get(file);
  if (!a) anchorCache.set(file, (a = headingAnchors(readFileSync(join(root, file), "utf8"))));
  return a;
}
function broken(c: Citation): string | null {
  const full = join(root, c.target);
  if (!existsSync(full)) return "no such file";
  if (c.anchor === null) return null;
  if (!c.target.endsWith(".md")) return "anchor on a file that is not markdown";
  return anchorsOf(c.target).has(c.anchor) ? null : "no such heading";
}

describe("the checker itself", () => {
  it("scans the real tree", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain("src/modules/assessments/core/scoring.ts");
    expect(files).toContain("docs/clinical-reference.md");
    expect(files.some((f) => f.startsWith("node_modules/"))).toBe(false);
  });

  it.each([
    ["see ../shared/guide/CLINICAL.md", ["../shared/guide", "../shared/guide/CLINICAL.md"]],
    ["Details: /work/shared/guide/MACHINE.md.", ["/work/shared/guide", "/work/shared/guide/MACHINE.md"]],
    ["handout at ../seed/x.txt or shared/seed/x.txt", ["shared/seed"]],
    ["(SECURITY.md, reliability)", ["SECURITY.md"]],
    ["never color alone, UX.md", ["UX.md"]],
    ["STYLE.md points at", ["STYLE.md"]],
    ["see guide/CLINICAL.md", ["guide/CLINICAL.md"]],
    ["docs/SECURITY.md and ../docs/UX.md and docs/sub/STYLE.md", []],
    ["docs/clinical-reference.md#peg", []],
    ["LINUX.md, MY_UX.md, clinical.md, src/shared/x", []],
  ])("outsideCitations(%j)", (text, expected) => {
    expect(outsideCitations(text)).toEqual(expected);
  });

  it.each([
    ["PHQ-9 item 9 safety event", "phq-9-item-9-safety-event"],
    ["Registry, care gaps and measures", "registry-care-gaps-and-measures"],
    ["Gap: UDT due", "gap-udt-due"],
    ["New or established patient", "new-or-established-patient"],
    ["Headers and CSP", "headers-and-csp"],
    ["`apiRoute` and [links](x.md)", "apiroute-and-links"],
  ])("githubSlug(%j) = %s", (heading, slug) => expect(githubSlug(heading)).toBe(slug));

  it("numbers repeated headings and ignores code fences", () => {
    const md = "# A\n## Same\n```\n# Not a heading\n```\n## Same\n### Same\n";
    expect([...headingAnchors(md)]).toEqual(["a", "same", "same-1", "same-2"]);
  });

  it("finds docs citations with and without anchors, and relative links", () => {
    const text =
      "x (docs/clinical-reference.md#phq-9).\ny docs/decisions/0003-migrations-without-schema-engine.md\nz mydocs/a.md";
    expect(docsCitations(text)).toEqual([
      { line: 1, target: "docs/clinical-reference.md", anchor: "phq-9" },
      { line: 2, target: "docs/decisions/0003-migrations-without-schema-engine.md", anchor: null },
    ]);
    expect(
      relativeLinks(
        "[a](clinical-reference.md#peg) [b](#consent) [c](https://x.org/a.md) [d](../README.md)",
        "docs/README.md",
      ),
    ).toEqual([
      { line: 1, target: "docs/clinical-reference.md", anchor: "peg" },
      { line: 1, target: "docs/README.md", anchor: "consent" },
      { line: 1, target: "README.md", anchor: null },
    ]);
  });

  it("finds repository paths and skips placeholders", () => {
    expect(
      repoPaths(
        "see `src/server/audit.ts` and src/app/(staff)/visits/[id]/page.tsx.\nnot src/modules/<m>/core/ nor tests/e2e/*.spec.ts nor mysrc/x.ts",
      ).map((p) => p.path),
    ).toEqual(["src/server/audit.ts", "src/app/(staff)/visits/[id]/page.tsx"]);
  });

  it("reports a citation whose heading or file is missing", () => {
    expect(broken({ line: 1, target: "docs/clinical-reference.md", anchor: "peg" })).toBeNull();
    expect(broken({ line: 1, target: "docs/clinical-reference.md", anchor: "no-such-heading" })).toBe(
      "no such heading",
    );
    expect(broken({ line: 1, target: "docs/no-such-file.md", anchor: null })).toBe("no such file");
  });
});

describe("the repository stands on its own", () => {
  it("no file outside docs/ cites the guide files that live outside the repository", () => {
    const offenders: string[] = [];
    for (const [file, text] of texts) {
      if (file.startsWith("docs/") || file.startsWith(FROZEN)) continue;
      text.split("\n").forEach((line, i) => {
        const hits = outsideCitations(line);
        if (hits.length) offenders.push(`${file}:${i + 1}: ${hits.join(", ")}`);
      });
    }
    expect(
      offenders,
      "cite docs/clinical-reference.md, docs/security-model.md or docs/ux-principles.md instead",
    ).toEqual([]);
  });

  it("every cited docs file and heading exists", () => {
    const problems: string[] = [];
    for (const [file, text] of texts) {
      const citations = [
        ...docsCitations(text),
        ...((file.startsWith("docs/") || file === "README.md") && file.endsWith(".md")
          ? relativeLinks(text, file)
          : []),
      ];
      for (const c of citations) {
        const why = broken(c);
        if (why) problems.push(`${file}:${c.line}: ${c.target}${c.anchor ? `#${c.anchor}` : ""} (${why})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the living documents name only repository paths that exist", () => {
    const living = [...texts.keys()].filter(
      (f) => f === "README.md" || (f.startsWith("docs/") && !f.startsWith("docs/decisions/") && f.endsWith(".md")),
    );
    expect(living).toEqual(expect.arrayContaining(["README.md", "docs/architecture.md", "docs/security-model.md"]));
    const problems = living.flatMap((f) =>
      repoPaths(texts.get(f)!)
        .filter((p) => !existsSync(join(root, p.path)))
        .map((p) => `${f}:${p.line}: ${p.path}`),
    );
    expect(problems, "a moved or deleted file is still named here").toEqual([]);
  });

  it("the code cites the new references (so the anchor check has something to check)", () => {
    const cited = [...texts.values()].flatMap((t) => docsCitations(t)).filter((c) => c.anchor !== null);
    const targets = [...new Set(cited.map((c) => c.target))];
    expect(targets).toEqual(
      expect.arrayContaining(["docs/clinical-reference.md", "docs/security-model.md", "docs/ux-principles.md"]),
    );
    expect(cited.length).toBeGreaterThan(30);
  });
});
