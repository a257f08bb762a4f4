import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { activeFilters, auditFilterSchema, emptyAuditFilter, filterProblemSummary, utcRange } from "./filter";

const parse = (raw: Record<string, string>) => parseInput(auditFilterSchema, raw);

describe("auditFilterSchema: good filters", () => {
  it.each<[string, Record<string, string>, Partial<typeof emptyAuditFilter>]>([
    ["nothing", {}, {}],
    ["every record type shape", { entityType: "SafetyAlert" }, { entityType: "SafetyAlert" }],
    ["action and outcome", { action: "EXPORT", outcome: "DENIED" }, { action: "EXPORT", outcome: "DENIED" }],
    ["exact MRN, trimmed", { mrn: "  MRN-1001 " }, { mrn: "MRN-1001" }],
    [
      "patient id",
      { patientId: "11111111-1111-4111-8111-111111111111" },
      { patientId: "11111111-1111-4111-8111-111111111111" },
    ],
    ["a date range", { from: "2026-03-01", to: "2026-03-31" }, { from: "2026-03-01", to: "2026-03-31" }],
    ["one day", { from: "2026-03-08", to: "2026-03-08" }, { from: "2026-03-08", to: "2026-03-08" }],
    ["a user", { actor: " dr.lee@clinic " }, { actor: "dr.lee@clinic" }],
    ["the largest page key", { before: "9223372036854775807" }, { before: "9223372036854775807" }],
    [
      "empty fields are no filter",
      { mrn: "", patientId: "", from: "", to: "", action: "", outcome: "", entityType: "" },
      {},
    ],
  ])("%s", (_name, raw, expected) => {
    const r = parse(raw);
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ ...emptyAuditFilter, ...expected });
  });
});

describe("auditFilterSchema: bad input names the field", () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    [
      "impossible date (issue 10: /admin/audit?from=2026-02-31 was a 500)",
      { from: "2026-02-31" },
      "from",
      /^From: use YYYY-MM-DD/,
    ],
    ["not a date", { to: "yesterday" }, "to", /^To: use YYYY-MM-DD/],
    ["range backwards", { from: "2026-03-09", to: "2026-03-01" }, "to", /^To: choose a date on or after From/],
    ["40 nines as the page key (issue 10: a 500)", { before: "9".repeat(40) }, "before", /Older events link/],
    ["page key past bigint", { before: "9223372036854775808" }, "before", /Older events link/],
    [
      "an internal id typed as MRN",
      { mrn: "11111111-1111-4111-8111-111111111111" },
      "mrn",
      /^Patient MRN: use at most 20/,
    ],
    ["MRN with spaces inside", { mrn: "MRN 1001" }, "mrn", /^Patient MRN: use only letters, digits and dashes/],
    ["MRN and patient id both", { mrn: "MRN-1", patientId: "11111111-1111-4111-8111-111111111111" }, "mrn", /not both/],
    ["patient id that is not an id", { patientId: "MRN-1001" }, "patientId", /^Patient id: paste the full id/],
    ["unknown action", { action: "DROP" }, "action", /^Action: choose one/],
    ["unknown outcome", { outcome: "MAYBE" }, "outcome", /^Outcome: choose one/],
    ["record type with punctuation", { entityType: "Visit;--" }, "entityType", /^Record type: choose one/],
    ["NUL in a field", { actor: "a\u0000b" }, "actor", /./],
    ["an unknown parameter", { sql: "1" }, "sql", /Unexpected field/],
  ])("%s", (_name, raw, field, message) => {
    const r = parse(raw);
    expect(r.success).toBe(false);
    const errors = fieldErrors(r.error!);
    expect(Object.keys(errors)).toContain(field);
    expect(errors[field]!.join(" ")).toMatch(message);
  });
});

describe("helpers", () => {
  it("activeFilters keeps only the filters in use", () => {
    expect(activeFilters({ ...emptyAuditFilter, mrn: "MRN-1", outcome: "DENIED" })).toEqual({
      mrn: "MRN-1",
      outcome: "DENIED",
    });
  });

  it.each<[string, string, { gte?: string; lt?: string } | null]>([
    ["", "", null],
    ["2026-03-08", "", { gte: "2026-03-08T00:00:00.000Z" }],
    ["", "2026-03-08", { lt: "2026-03-09T00:00:00.000Z" }],
    ["2026-02-28", "2026-02-28", { gte: "2026-02-28T00:00:00.000Z", lt: "2026-03-01T00:00:00.000Z" }],
    ["2026-12-31", "2026-12-31", { gte: "2026-12-31T00:00:00.000Z", lt: "2027-01-01T00:00:00.000Z" }],
  ])("utcRange(%s, %s): both days included, in UTC whatever the machine's zone", (from, to, expected) => {
    const r = utcRange({ from, to });
    expect(r && Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.toISOString()]))).toEqual(expected);
  });

  it("filterProblemSummary names the fields by their labels", () => {
    expect(filterProblemSummary({ from: ["x"], mrn: ["y"] })).toBe(
      "Fix these filters: From (UTC date), Patient MRN. Nothing was searched.",
    );
    expect(filterProblemSummary({ sql: ["Unexpected field"] })).toBe(
      'Fix these filters: "sql" (not a filter). Nothing was searched.',
    );
  });
});
