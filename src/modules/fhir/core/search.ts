/**
 * The search parser: reads a query against the table of resource-defs.ts (which the
 * CapabilityStatement reads too, so both say the same; docs/decisions/fhir-api.md).
 */
import { resourceDefs, type ParamDef, type ResourceType } from "./resource-defs";

export {
  isResourceType,
  resourceDefs,
  resourceTypes,
  type ParamDef,
  type ParamType,
  type ResourceType,
} from "./resource-defs";

/** Parameters every search takes besides the type's own. */
export const resultParams = ["_count", "_offset"] as const;
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
const MAX_VALUES = 100;

export type DateBound = { op: "eq" | "ge" | "gt" | "le" | "lt"; from: Date; to: Date };
export type SearchQuery = {
  ids?: string[];
  patients?: string[];
  /** Token values as given: "code" or "system|code". */
  tokens: Partial<Record<"identifier" | "code" | "category" | "status" | "type", string[]>>;
  dates: Partial<Record<"date" | "authored" | "_lastUpdated", DateBound[]>>;
  /** `_include` values as given ("DiagnosticReport:result", "Observation:patient"). */
  includes?: string[];
  count: number;
  offset: number;
};
export type SearchParse = { ok: true; query: SearchQuery } | { ok: false; param: string; message: string };

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE =
  /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** A FHIR date search value: its prefix and the instant range its precision covers. */
export function parseDateParam(v: string): DateBound | null {
  const m = DATE.exec(v);
  if (!m) return null;
  const op = (m[1] ?? "eq") as DateBound["op"];
  const [y, mo, d, h, mi, s, tz] = [m[2], m[3], m[4], m[5], m[6], m[7], m[8]];
  const outOf = (v: string | undefined, lo: number, hi: number) => v !== undefined && (+v < lo || +v > hi);
  if (outOf(mo, 1, 12) || outOf(d, 1, 31) || outOf(h, 0, 23) || outOf(mi, 0, 59) || outOf(s, 0, 59)) return null;
  // A day past the month's end (2026-02-30) would roll over: refuse it.
  if (d !== undefined && new Date(Date.UTC(+y!, +mo! - 1, +d)).getUTCMonth() !== +mo! - 1) return null;
  let from: Date;
  let to: Date;
  if (h !== undefined) {
    from = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${tz}`);
    to = new Date(from.getTime() + (s !== undefined ? 1000 : 60_000));
  } else if (d !== undefined) {
    from = new Date(Date.UTC(+y!, +mo! - 1, +d));
    to = new Date(Date.UTC(+y!, +mo! - 1, +d + 1));
  } else if (mo !== undefined) {
    from = new Date(Date.UTC(+y!, +mo! - 1, 1));
    to = new Date(Date.UTC(+y!, +mo!, 1));
  } else {
    from = new Date(Date.UTC(+y!, 0, 1));
    to = new Date(Date.UTC(+y! + 1, 0, 1));
  }
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return null;
  return { op, from, to };
}

/** Whether an instant satisfies every bound (a range search is ge + le). */
export function matchesDates(at: Date, bounds: DateBound[] | undefined): boolean {
  return (bounds ?? []).every((b) => {
    const t = at.getTime();
    switch (b.op) {
      case "eq":
        return t >= b.from.getTime() && t < b.to.getTime();
      case "ge":
        return t >= b.from.getTime();
      case "gt":
        return t >= b.to.getTime();
      case "le":
        return t < b.to.getTime();
      case "lt":
        return t < b.from.getTime();
    }
  });
}

const splitValues = (v: string) => v.split(",").map((s) => s.trim());

/**
 * Parses a search's query string for a type. An unknown parameter, a bad value or a missing
 * required patient names the parameter (answered as 400 OperationOutcome).
 */
export function parseSearch(type: ResourceType, params: URLSearchParams): SearchParse {
  const defs = resourceDefs[type].params as readonly ParamDef[];
  const query: SearchQuery = { tokens: {}, dates: {}, count: DEFAULT_COUNT, offset: 0 };
  const fail = (param: string, message: string): SearchParse => ({ ok: false, param, message: `${param}: ${message}` });
  if ("readOnly" in resourceDefs[type]) return fail("_id", `${type} is read by id only (GET ${type}/<id>)`);
  for (const [rawName, value] of params) {
    const name = rawName.split(":")[0]!;
    if (rawName !== name) return fail(rawName, "modifiers are not supported");
    if (name === "_count" || name === "_offset") {
      if (!/^\d{1,6}$/.test(value)) return fail(name, "must be a whole number");
      const n = Number(value);
      if (name === "_count") {
        if (n < 1 || n > MAX_COUNT) return fail(name, `must be between 1 and ${MAX_COUNT}`);
        query.count = n;
      } else query.offset = n;
      continue;
    }
    if (name === "_include") {
      const allowed = ("includes" in resourceDefs[type] ? resourceDefs[type].includes : []) as readonly string[];
      if (!allowed.includes(value))
        return fail(name, allowed.length ? `supports ${allowed.join(", ")}` : `is not supported for ${type}`);
      if (!(query.includes ?? []).includes(value)) query.includes = [...(query.includes ?? []), value];
      continue;
    }
    if (name === "_format") {
      if (!/json/.test(value)) return fail(name, "only JSON is supported");
      continue;
    }
    const def = defs.find((d) => d.name === name);
    if (!def) return fail(name, `is not a supported search parameter for ${type}`);
    const values = splitValues(value);
    if (values.length > MAX_VALUES || values.some((v) => v === ""))
      return fail(name, "has an empty or too long value list");
    if (def.type === "date") {
      if (values.length !== 1) return fail(name, "takes one value (repeat the parameter for a range)");
      const b = parseDateParam(values[0]!);
      if (!b) return fail(name, "is not a FHIR date (e.g. ge2026-01-01)");
      const key = name as keyof SearchQuery["dates"];
      query.dates[key] = [...(query.dates[key] ?? []), b];
    } else if (name === "_id") {
      if (values.some((v) => !FHIR_ID.test(v))) return fail(name, "is not a FHIR id");
      query.ids = intersect(query.ids, values);
    } else if (def.type === "reference") {
      const ids = values.map((v) => v.replace(/^Patient\//, ""));
      if (ids.some((v) => !FHIR_ID.test(v))) return fail(name, "is not a Patient reference");
      query.patients = intersect(query.patients, ids);
    } else {
      const key = name as keyof SearchQuery["tokens"];
      query.tokens[key] = intersect(query.tokens[key], values);
    }
  }
  if (resourceDefs[type].needsPatient && !query.patients && !query.ids)
    return fail("patient", `a ${type} search needs patient (or _id)`);
  return { ok: true, query };
}

/** Repeated parameters are AND: the values both lists allow (a list on its own is OR). */
function intersect(prev: string[] | undefined, next: string[]): string[] {
  return prev ? prev.filter((v) => next.includes(v)) : next;
}

/** Whether a coded value matches token search values ("code" or "system|code" or "|code"). */
export function matchesToken(values: string[] | undefined, system: string | undefined, code: string): boolean {
  if (!values) return true;
  return values.some((v) => {
    const bar = v.indexOf("|");
    if (bar < 0) return v === code;
    const s = v.slice(0, bar);
    return v.slice(bar + 1) === code && (s === "" ? !system : s === system);
  });
}

/** The page of matches and whether more remain, for in-memory searches. */
export function page<T>(all: T[], q: Pick<SearchQuery, "count" | "offset">): { items: T[]; more: boolean } {
  return { items: all.slice(q.offset, q.offset + q.count), more: all.length > q.offset + q.count };
}

/** The next page's URL: the same query with _offset moved on. */
export function nextPageUrl(selfUrl: string, q: Pick<SearchQuery, "count" | "offset">): string {
  const u = new URL(selfUrl);
  u.searchParams.set("_offset", String(q.offset + q.count));
  u.searchParams.set("_count", String(q.count));
  return u.toString();
}

/** Date bounds as half-open range conditions for a query (all must hold). */
export function rangeConditions(bounds: DateBound[] | undefined): { gte?: Date; lt?: Date }[] {
  return (bounds ?? []).map((b) => {
    switch (b.op) {
      case "eq":
        return { gte: b.from, lt: b.to };
      case "ge":
        return { gte: b.from };
      case "gt":
        return { gte: b.to };
      case "le":
        return { lt: b.to };
      case "lt":
        return { lt: b.from };
    }
  });
}

/** Keeps the values of a token search that carry the given system (or none): "sys|v" and "v" give v. */
export function tokenValues(values: string[] | undefined, system: string): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => {
    const bar = v.indexOf("|");
    if (bar < 0) return [v];
    return v.slice(0, bar) === system || v.slice(0, bar) === "" ? [v.slice(bar + 1)] : [];
  });
}
