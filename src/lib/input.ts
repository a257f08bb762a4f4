import { z } from "zod";

/**
 * The one entry point for untrusted input (docs/decisions/0007b-input-hardening.md): every
 * server action, route handler, page filter and sign-in parses with parseInput(schema, raw)
 * instead of schema.safeParse(raw) (tests/unit/input-entry.test.ts enforces it). Before the
 * schema runs it walks the raw value, at any depth, and refuses with a field error:
 * - control characters: C0 (U+0000-U+001F) and DEL (U+007F). Postgres cannot store NUL at all
 *   (SQLSTATE 22021, which used to surface as a 500 with Prisma's text), and the others have no
 *   place in clinic data. Tab, newline and carriage return are allowed only in fields a schema
 *   marks multiline() (the textareas);
 * - keys that would reach an object's prototype (__proto__, constructor, prototype).
 * The schema then does the rest (types, lengths, enums, strict objects). Pure: zod only.
 */

const MULTILINE = { multiline: true } as const;

/** Marks a text field that may hold line breaks and tabs (a textarea). */
export function multiline<T extends z.ZodType>(schema: T): T {
  return schema.meta(MULTILINE) as T;
}

/** Largest value a Postgres integer column holds: counters and versions stay below it. */
export const INT4_MAX = 2_147_483_647;

/** A real calendar date written YYYY-MM-DD (2026-02-31 is refused, not rolled over or thrown on). */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= "1900-01-01" && v <= "2999-12-31";
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const CONTROL_ANY = /[\u0000-\u001f\u007f]/;

const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

type Def = {
  type?: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  element?: z.ZodType;
};
const defOf = (s: z.ZodType | undefined): Def => ((s as unknown as { _zod?: { def?: Def } })?._zod?.def ?? {}) as Def;

function isMultiline(s: z.ZodType | undefined): boolean {
  for (let cur = s, depth = 0; cur && depth < 10; depth++) {
    if ((z.globalRegistry.get(cur) as { multiline?: boolean } | undefined)?.multiline) return true;
    const d = defOf(cur);
    cur = d.innerType ?? d.in;
  }
  return false;
}

/** The field schemas of an object schema, through optional/default/pipe wrappers and unions. */
function fieldsOf(s: z.ZodType | undefined): Record<string, z.ZodType> {
  for (let cur = s, depth = 0; cur && depth < 10; depth++) {
    const d = defOf(cur);
    if (d.shape) return d.shape;
    if (d.options) return Object.assign({}, ...d.options.map(fieldsOf)) as Record<string, z.ZodType>;
    cur = d.innerType ?? d.in;
  }
  return {};
}

function elementOf(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let cur = s, depth = 0; cur && depth < 10; depth++) {
    const d = defOf(cur);
    if (d.element) return d.element;
    cur = d.innerType ?? d.in;
  }
  return undefined;
}

/** The options of a union schema (through optional/default/pipe wrappers), or null. */
function optionsOf(s: z.ZodType | undefined): z.ZodType[] | null {
  for (let cur = s, depth = 0; cur && depth < 10; depth++) {
    const d = defOf(cur);
    if (d.options) return d.options;
    if (d.shape || d.element) return null;
    cur = d.innerType ?? d.in;
  }
  return null;
}

type Issue = { path: (string | number)[]; message: string };

function scan(
  value: unknown,
  schema: z.ZodType | undefined,
  path: (string | number)[],
  issues: Issue[],
  depth: number,
): void {
  if (issues.length >= 20) return;
  if (depth > 20) {
    issues.push({ path, message: "This value is nested too deeply" });
    return;
  }
  // A union: the value is scanned against each option, each with its own field marks (the same
  // key can be a multiline field in one option and something else in another, as "data" in the
  // video signaling messages). Acceptable under one option is acceptable; otherwise the issues
  // of the option that came closest.
  const options = optionsOf(schema);
  if (options) {
    let closest: Issue[] | null = null;
    for (const o of options) {
      const found: Issue[] = [];
      scan(value, o, path, found, depth + 1);
      if (found.length === 0) return;
      if (!closest || found.length < closest.length) closest = found;
    }
    issues.push(...(closest ?? []));
    return;
  }
  if (typeof value === "string") {
    const bad = isMultiline(schema) ? CONTROL_EXCEPT_LINES : CONTROL_ANY;
    if (bad.test(value)) {
      issues.push({
        path,
        message: isMultiline(schema)
          ? "Remove the control characters (invisible characters other than line breaks)"
          : "Remove the control characters (line breaks, tabs or other invisible characters)",
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    const el = elementOf(schema);
    value.forEach((v, i) => scan(v, el, [...path, i], issues, depth + 1));
    return;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const fields = fieldsOf(schema);
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key) || CONTROL_ANY.test(key)) {
        issues.push({
          path: [...path, "_form"],
          message: `Unexpected field "${key.replace(/[^\w$-]/g, "?").slice(0, 40)}"`,
        });
        continue;
      }
      scan(
        (value as Record<string, unknown>)[key],
        Object.hasOwn(fields, key) ? fields[key] : undefined,
        [...path, key],
        issues,
        depth + 1,
      );
    }
  }
}

/**
 * schema.safeParse(raw), after the control-character and prototype-key checks above. Same result
 * type, so callers keep `if (!parsed.success) return validationFailure(parsed.error, values)`.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.ZodSafeParseResult<z.output<S>> {
  const issues: Issue[] = [];
  scan(raw, schema, [], issues, 0);
  if (issues.length > 0) {
    return {
      success: false,
      error: new z.ZodError(
        issues.map((i) => ({ code: "custom" as const, path: i.path, message: i.message, input: undefined })),
      ),
    } as z.ZodSafeParseResult<z.output<S>>;
  }
  return schema.safeParse(raw) as z.ZodSafeParseResult<z.output<S>>;
}
