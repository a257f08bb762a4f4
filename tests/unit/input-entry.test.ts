import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isCalendarDate, multiline, parseInput } from "@/lib/input";
import { fieldErrors, formDataToObject } from "@/lib/forms";

/**
 * Untrusted input has one way in: parseInput (src/lib/input.ts), which refuses control characters
 * and prototype keys before the schema runs. A new action, route or page that calls
 * schema.safeParse() itself, or a textarea whose field is not marked multiline(), fails here.
 */
const src = join(import.meta.dirname, "..", "..", "src");
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}
const all = files(src);
// Parsing that is not request input: the environment (validated at start) and the entry point itself.
const ALLOWED = new Set(["server/env-schema.ts", "lib/input.ts"]);

describe("every parse of request input goes through parseInput", () => {
  it.each(all.filter((f) => !ALLOWED.has(relative(src, f))).map((f) => [relative(src, f), f]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text, "use parseInput(schema, raw) from @/lib/input").not.toMatch(/\.safeParse\(/);
    // A throwing parse of input would be a 500; literal defaults (parse({})) are fine.
    for (const m of text.matchAll(/\b(\w+)\.parse\(([^)]*)\)/g)) {
      if (m[1] === "JSON" || m[1] === "Date") continue;
      expect(m[2], `${m[0]}: use parseInput`).toBe("{}");
    }
  });
});

describe("textareas accept line breaks: their fields are marked multiline()", () => {
  // Every field name of a textarea in the UI, and every schema field marked multiline.
  const textareaNames = new Set<string>();
  for (const f of all.filter((x) => x.endsWith(".tsx"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/<(?:TextAreaField|textarea)\b[^>]*?\bname="([^"]+)"/g)) textareaNames.add(m[1]!);
  }
  const marked = new Set<string>();
  for (const f of all.filter((x) => x.endsWith("schemas.ts"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/(\w+):\s*multiline\(/g)) marked.add(m[1]!);
  }
  it("finds textareas", () => expect(textareaNames.size).toBeGreaterThan(10));
  it.each([...textareaNames].map((n) => [n]))("textarea %s", (name) => {
    expect(marked.has(name), `mark the schema field "${name}" with multiline()`).toBe(true);
  });
});

describe("parseInput", () => {
  const schema = z
    .object({
      name: z.string().max(50),
      note: multiline(z.string().max(500).optional()),
      tags: z.array(z.string()).optional(),
      nested: z.object({ deep: z.string() }).strict().optional(),
    })
    .strict();
  const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i));

  it.each([...C0.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`, c]), ["DEL", "\u007f"]])(
    "refuses %s in a single-line field, naming it",
    (_label, c) => {
      const r = parseInput(schema, { name: `a${c}b` });
      expect(r.success).toBe(false);
      if (!r.success) expect(Object.keys(fieldErrors(r.error))).toEqual(["name"]);
    },
  );

  it.each([
    ["tab", "\t", true],
    ["newline", "\n", true],
    ["carriage return", "\r\n", true],
    ["NUL", "\u0000", false],
    ["bell", "\u0007", false],
    ["escape", "\u001b", false],
    ["DEL", "\u007f", false],
  ])("in a multiline field: %s allowed %s", (_label, c, allowed) => {
    expect(parseInput(schema, { name: "x", note: `line one${c}line two` }).success).toBe(allowed);
  });

  it("looks at any depth and at keys", () => {
    expect(parseInput(schema, { name: "x", tags: ["ok", "b\u0000d"] }).success).toBe(false);
    expect(parseInput(schema, { name: "x", nested: { deep: "\u0000" } }).success).toBe(false);
    const proto = parseInput(schema, JSON.parse('{"name":"x","__proto__":{"admin":true}}'));
    expect(proto.success).toBe(false);
    if (!proto.success) expect(fieldErrors(proto.error)._form?.[0]).toMatch(/__proto__/);
    expect(parseInput(schema, { name: "x", constructor: { prototype: {} } }).success).toBe(false);
    expect(parseInput(schema, { name: "ok", note: "two\nlines", tags: ["a"] })).toMatchObject({
      success: true,
      data: { name: "ok" },
    });
  });

  it("a union's options keep their own field marks (issue 10: every video offer's CRLF SDP was refused)", () => {
    const u = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("offer"), data: z.object({ sdp: multiline(z.string()) }).strict() }).strict(),
      z.object({ kind: z.literal("media"), data: z.object({ label: z.string() }).strict() }).strict(),
    ]);
    expect(parseInput(u, { kind: "offer", data: { sdp: "v=0\r\no=- 1\r\n" } }).success).toBe(true);
    expect(parseInput(u, { kind: "offer", data: { sdp: "v=0\r\n\u0000" } }).success).toBe(false);
    expect(parseInput(u, { kind: "media", data: { label: "two\nlines" } }).success).toBe(false);
    expect(
      parseInput(z.object({ inner: u.optional() }).strict(), { inner: { kind: "offer", data: { sdp: "a\r\nb" } } })
        .success,
    ).toBe(true);
    const proto = parseInput(u, JSON.parse('{"kind":"offer","data":{"sdp":"v=0"},"__proto__":{"x":1}}'));
    expect(proto.success).toBe(false);
    if (!proto.success) expect(fieldErrors(proto.error)._form?.[0]).toMatch(/__proto__/);
  });

  it("keeps the schema's own checks and messages", () => {
    const r = parseInput(schema, { name: "x".repeat(51), extra: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error)).sort()).toEqual(["extra", "name"]);
  });
});

describe("form helpers with hostile input", () => {
  it.each([null, undefined, "text", 42, [], {}, { entries: () => [["a", "b"]] }])(
    "formDataToObject(%j) is an empty form",
    (v) => {
      expect(Object.keys(formDataToObject(v))).toEqual([]);
    },
  );

  it("a field named __proto__ stays a field and is refused by name", () => {
    const fd = new FormData();
    fd.append("__proto__", "x");
    fd.append("name", "ok");
    const values = formDataToObject(fd);
    expect(Object.keys(values).sort()).toEqual(["__proto__", "name"]);
    const r = parseInput(z.object({ name: z.string() }).strict(), values);
    expect(r.success).toBe(false);
    if (!r.success) expect(JSON.stringify(fieldErrors(r.error))).toContain("__proto__");
  });

  it("form values and field errors are plain objects (React passes only those to client components)", () => {
    const fd = new FormData();
    fd.append("__proto__", "x");
    const values = formDataToObject(fd);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    const r = parseInput(z.object({}).strict(), values);
    if (r.success) throw new Error("expected a failure");
    expect(Object.getPrototypeOf(fieldErrors(r.error))).toBe(Object.prototype);
  });

  it("fieldErrors never writes to Object.prototype", () => {
    const r = z.object({}).strict().safeParse(JSON.parse('{"__proto__":1,"constructor":2}'));
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error)).sort()).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).push).toBeUndefined();
  });

  it.each([
    ["2026-02-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-02-31", false],
    ["2026-13-01", false],
    ["1899-12-31", false],
    ["99999-01-01", false],
    ["2026-1-01", false],
  ])("isCalendarDate(%s) = %s", (v, ok) => {
    expect(isCalendarDate(v)).toBe(ok);
  });
});
