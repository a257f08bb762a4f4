import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { auditEntityTypes } from "@/modules/audit/core/vocabulary";

/**
 * Architecture rule (issue 10, D10): the audit log's "Record type" filter offers every record type
 * the code writes. It offered 5 of the 29 the log held, because the page kept its own short list.
 * Now there is one list (src/modules/audit/core/vocabulary.ts) and this test reads every file in
 * src/ for what it writes to AuditEvent - `entityType: "X"` in writeAudit / writeRefusal /
 * authorize / auditNotFound calls, and the entityType column of raw INSERT INTO "AuditEvent"
 * statements - and fails on a type that is not in the list, or on an entityType computed in a way
 * this test cannot read (add it to `passThrough` only if it forwards a caller's value).
 */
const src = join(import.meta.dirname, "..", "..", "src");
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Expressions that forward an entityType chosen by a caller (whose literal is read at the call). */
// The FHIR audit reads its types from the `auditTarget` table in serve-fhir.server.ts, whose
// literals this test reads like any other.
const passThrough = new Set([
  "what.entityType",
  "e.entityType",
  "r.entityType",
  "rows[0]?.entityType",
  "auditTarget[r.type].entityType",
  "types[0]!",
]);
/** Places that declare or parse the field rather than write it. */
const declaration = /^(string|z\.)/;

/** The entityType values a source text writes: literals, and expressions this test cannot read. */
export function writtenEntityTypes(source: string): { literals: string[]; unreadable: string[] } {
  const literals: string[] = [];
  const unreadable: string[] = [];
  for (const m of source.matchAll(/\bentityType\??:\s*([^,}\n;]+)/g)) {
    const expr = m[1]!.trim();
    const lit = /^["'`]([A-Za-z0-9]+)["'`]$/.exec(expr);
    if (lit) literals.push(lit[1]!);
    else if (!passThrough.has(expr) && !declaration.test(expr)) unreadable.push(expr);
  }
  for (const m of source.matchAll(
    /INSERT INTO "AuditEvent"\s*\(([^)]*)\)\s*(?:SELECT|VALUES\s*\()([\s\S]*?)(?:\bFROM\b|\)\s*(?:RETURNING|ON|;|`)|`)/g,
  )) {
    const cols = m[1]!.split(",").map((c) => c.trim().replace(/"/g, ""));
    const at = cols.indexOf("entityType");
    if (at < 0) continue;
    const values = splitTopLevel(m[2]!);
    const v = values[at]?.trim() ?? "";
    const lit = /^'([A-Za-z0-9]+)'$/.exec(v);
    if (lit) literals.push(lit[1]!);
    else unreadable.push(`SQL: ${v}`);
  }
  return { literals, unreadable };
}

/** Splits a SELECT list at commas outside parentheses, brackets and ${...}. */
function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of list) {
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe("the reader of entityType writes", () => {
  it.each<[string, string, { literals: string[]; unreadable: string[] }]>([
    [
      "a writeAudit call",
      'await writeAudit({ actor, action: "READ", entityType: "Visit", outcome: "SUCCESS", ctx });',
      { literals: ["Visit"], unreadable: [] },
    ],
    [
      "one on its own line",
      '  entityType: "SafetyAlert",\n  entityId: id,',
      { literals: ["SafetyAlert"], unreadable: [] },
    ],
    ["a forwarded value", "entityType: what.entityType,", { literals: [], unreadable: [] }],
    ["a type annotation", "what: { entityType: string; entityId?: string }", { literals: [], unreadable: [] }],
    [
      "a computed value fails",
      'entityType: kind === "a" ? "A" : "B",',
      { literals: [], unreadable: ['kind === "a" ? "A" : "B"'] },
    ],
    [
      "a raw SQL insert",
      'INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId") SELECT ${a}::uuid, ${b}, \'CREATE\', \'FormRequest\', r."id"::text FROM pv_requests r',
      { literals: ["FormRequest"], unreadable: [] },
    ],
    [
      "a raw SQL insert with a parameter",
      'INSERT INTO "AuditEvent" ("action", "entityType") SELECT \'CREATE\', ${t} FROM v',
      { literals: [], unreadable: ["SQL: ${t}"] },
    ],
  ])("%s", (_name, source, expected) => expect(writtenEntityTypes(source)).toEqual(expected));
});

describe("every record type written in src/ is offered by the audit log's filter", () => {
  const files = sourceFiles(src);
  const found = new Map<string, string[]>();
  const unreadable: string[] = [];
  // The audit module's own filter definitions name the field (labels, an empty filter); they write nothing.
  for (const file of files.filter((f) => !relative(src, f).startsWith(join("modules", "audit", "core")))) {
    const w = writtenEntityTypes(readFileSync(file, "utf8"));
    for (const t of w.literals) found.set(t, [...(found.get(t) ?? []), relative(src, file)]);
    for (const u of w.unreadable) unreadable.push(`${relative(src, file)}: ${u}`);
  }

  it("finds the writes (the reader works on this tree)", () => {
    expect(found.size).toBeGreaterThan(20);
    expect([...found.keys()]).toEqual(
      expect.arrayContaining(["Patient", "SafetyAlert", "Visit", "FormRequest", "Route"]),
    );
  });

  it("no entityType is computed in a way this test cannot read", () => expect(unreadable).toEqual([]));

  it.each([...found.keys()].sort().map((t) => [t, found.get(t)!.join(", ")]))(
    "%s (written in %s) is in auditEntityTypes",
    (t) => {
      expect(auditEntityTypes as readonly string[]).toContain(t);
    },
  );

  it("the list names nothing the code no longer writes", () => {
    expect([...auditEntityTypes].filter((t) => !found.has(t))).toEqual([]);
  });
});
