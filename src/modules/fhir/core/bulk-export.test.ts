import { describe, expect, it } from "vitest";
import type { Resource } from "@medplum/fhirtypes";
import {
  buildManifest,
  chunk,
  claimLapsed,
  exportTypes,
  nextStep,
  parseInstant,
  parseKickOff,
  patientIdsOf,
  progressText,
  statusKind,
  toNdjson,
  typeOfFileName,
} from "./bulk-export";
import { resourceDefs } from "./search";

const NOW = new Date("2026-12-02T12:00:00Z");
const ok = { accept: "application/fhir+json", prefer: "respond-async" };
const kick = (query: string, over: Partial<typeof ok> & { scopes?: string[] } = {}) =>
  parseKickOff({
    accept: over.accept ?? ok.accept,
    prefer: over.prefer ?? ok.prefer,
    params: new URLSearchParams(query),
    scopes: over.scopes ?? ["system/*.rs"],
    now: NOW,
  });

describe("exportTypes", () => {
  it("is Patient and every per-patient type of the search table, and nothing else", () => {
    expect(exportTypes[0]).toBe("Patient");
    for (const [t, def] of Object.entries(resourceDefs))
      expect(exportTypes.includes(t as never), t).toBe(t === "Patient" || def.needsPatient);
    expect(exportTypes).not.toContain("Practitioner");
    expect(exportTypes).not.toContain("Questionnaire");
  });
});

describe("parseKickOff", () => {
  it.each<[string, string, Partial<typeof ok> & { scopes?: string[] }, number, string | undefined]>([
    ["no Prefer", "", { prefer: "" }, 400, "Prefer"],
    ["Prefer without respond-async", "", { prefer: "handling=lenient" }, 400, "Prefer"],
    ["Accept json only", "", { accept: "application/json" }, 400, "Accept"],
    ["an unknown _type", "_type=Patient,Nope", {}, 400, "_type"],
    ["an empty _type entry", "_type=Patient,", {}, 400, "_type"],
    ["a non-compartment _type", "_type=Questionnaire", {}, 400, "_type"],
    ["_since a date only", "_since=2026-01-01", {}, 400, "_since"],
    ["_since without a zone", "_since=2026-01-01T00:00:00", {}, 400, "_since"],
    ["_since in the future", "_since=2027-01-01T00:00:00Z", {}, 400, "_since"],
    ["_outputFormat json", "_outputFormat=application/json", {}, 400, "_outputFormat"],
    ["an IG parameter not implemented", "_elements=id", {}, 400, "_elements"],
    ["an unknown parameter", "foo=1", {}, 400, "foo"],
    ["a type without its scope", "_type=Patient,Flag", { scopes: ["system/Patient.rs"] }, 403, "_type"],
    ["no scope for any export type", "", { scopes: ["system/Practitioner.rs"] }, 403, undefined],
    ["a search-only scope", "_type=Patient", { scopes: ["system/Patient.s"] }, 403, "_type"],
  ])("refuses %s", (_n, query, over, status, param) => {
    const r = kick(query, over);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(status);
    expect(r.param).toBe(param);
    if (param && status === 400) expect(r.message.startsWith(param)).toBe(true);
  });

  it.each<[string, string, Partial<typeof ok> & { scopes?: string[] }, string[], string | null]>([
    ["nothing: every type", "", {}, exportTypes, null],
    [
      "_type in the table's order, repeats and repeated params merged",
      "_type=Flag,Patient&_type=Flag",
      {},
      ["Patient", "Flag"],
      null,
    ],
    [
      "_since with milliseconds and an offset",
      "_since=2026-01-01T10:00:00.250%2B02:00",
      {},
      exportTypes,
      "2026-01-01T08:00:00.250Z",
    ],
    ["ndjson abbreviation", "_outputFormat=ndjson", {}, exportTypes, null],
    ["application/ndjson", "_outputFormat=application%2Fndjson", {}, exportTypes, null],
    [
      "an unknown parameter when lenient",
      "_typeFilter=x",
      { prefer: "respond-async, handling=lenient" },
      exportTypes,
      null,
    ],
    [
      "Accept with a charset and Prefer in another case",
      "",
      { accept: "application/fhir+json; charset=utf-8", prefer: "Respond-Async" },
      exportTypes,
      null,
    ],
    [
      "no _type: the types the scopes allow",
      "",
      { scopes: ["system/Patient.rs", "system/Flag.read"] },
      ["Patient", "Flag"],
      null,
    ],
  ])("accepts %s", (_n, query, over, types, since) => {
    const r = kick(query, over);
    expect(r).toEqual({ ok: true, value: { types, since: since ? new Date(since) : null } });
  });
});

describe("parseInstant", () => {
  it.each<[string, string | null]>([
    ["2026-03-01T00:00:00Z", "2026-03-01T00:00:00.000Z"],
    ["2026-03-01T01:00:00+01:00", "2026-03-01T00:00:00.000Z"],
    ["2026-03-01", null],
    ["2026-13-01T00:00:00Z", null],
    ["yesterday", null],
  ])("%s", (v, want) => {
    expect(parseInstant(v)?.toISOString() ?? null).toBe(want);
  });
});

describe("the worker's step and the status answer", () => {
  it.each<[boolean, number, number, string]>([
    [false, 0, 0, "plan"],
    [true, 0, 3, "chunk"],
    [true, 2, 3, "chunk"],
    [true, 3, 3, "complete"],
    [true, 0, 0, "complete"],
  ])("planned=%s done=%i of %i -> %s", (planned, patientsDone, patientsTotal, want) => {
    expect(nextStep({ planned, patientsDone, patientsTotal })).toBe(want);
  });

  it.each<[string | null, number | null, string, boolean]>([
    [null, null, "me", true],
    ["me", 0, "me", true],
    ["other", 59_000, "me", false],
    ["other", 61_000, "me", true],
    ["other", null, "me", true],
  ])("a job held by %s, heartbeat %s ms ago, is free for %s: %s", (runnerId, ago, me, want) => {
    expect(
      claimLapsed({ runnerId, heartbeatAt: ago === null ? null : new Date(NOW.getTime() - ago) }, me, NOW, 60_000),
    ).toBe(want);
  });

  it.each<[boolean, number, number, string]>([
    [false, 0, 0, "listing patients"],
    [true, 0, 0, "100% (0 of 0 patients)"],
    [true, 1, 3, "33% (1 of 3 patients)"],
    [true, 3, 3, "100% (3 of 3 patients)"],
  ])("progress planned=%s %i/%i: %s", (planned, patientsDone, patientsTotal, want) => {
    expect(progressText({ planned, patientsDone, patientsTotal })).toBe(want);
  });

  const job = (status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED", expiresAt: Date | null) => ({
    status,
    planned: true,
    patientsDone: 0,
    patientsTotal: 1,
    expiresAt,
  });
  it.each<[ReturnType<typeof job>, string]>([
    [job("QUEUED", null), "in-progress"],
    [job("RUNNING", null), "in-progress"],
    [job("COMPLETED", new Date(NOW.getTime() + 1)), "complete"],
    [job("COMPLETED", NOW), "expired"],
    [job("FAILED", new Date(NOW.getTime() + 1)), "failed"],
    [job("FAILED", new Date(NOW.getTime() - 1)), "expired"],
  ])("%j -> %s", (j, want) => {
    expect(statusKind(j, NOW)).toBe(want);
  });
});

describe("manifest and files", () => {
  it("lists the types with lines in the job's order, with their counts and file URLs", () => {
    expect(
      buildManifest({
        transactionTime: NOW,
        requestUrl: "https://c.test/fhir/R4/Patient/$export",
        statusUrl: "https://c.test/fhir/R4/bulk/j1",
        types: ["Patient", "Observation", "Flag"],
        counts: new Map([
          ["Flag", 2],
          ["Patient", 5],
          ["Observation", 0],
        ]),
      }),
    ).toEqual({
      transactionTime: "2026-12-02T12:00:00.000Z",
      request: "https://c.test/fhir/R4/Patient/$export",
      requiresAccessToken: true,
      output: [
        { type: "Patient", url: "https://c.test/fhir/R4/bulk/j1/Patient.ndjson", count: 5 },
        { type: "Flag", url: "https://c.test/fhir/R4/bulk/j1/Flag.ndjson", count: 2 },
      ],
      error: [],
    });
  });

  it.each<[string, string | null]>([
    ["Patient.ndjson", "Patient"],
    ["Flag.ndjson", null], // not a type of this job
    ["Patient.json", null],
    ["../Patient.ndjson", null],
  ])("file %s -> %s", (name, want) => {
    expect(typeOfFileName(name, ["Patient", "Observation"])).toBe(want);
  });

  it("writes NDJSON: one object a line, newline-terminated, nothing for no resources", () => {
    const rs = [
      { resourceType: "Patient", id: "a" },
      { resourceType: "Patient", id: "b", name: [{ text: "x\ny" }] },
    ] as Resource[];
    const out = toNdjson(rs);
    expect(out.split("\n")).toHaveLength(3);
    expect(out.endsWith("\n")).toBe(true);
    expect(
      out
        .slice(0, -1)
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(rs);
    expect(toNdjson([])).toBe("");
  });

  it("finds the patients of subject, patient and participant references", () => {
    const rs = [
      { resourceType: "Patient", id: "p1" },
      { resourceType: "Observation", subject: { reference: "Patient/p2" } },
      { resourceType: "Consent", patient: { reference: "Patient/p3" } },
      {
        resourceType: "Appointment",
        participant: [{ actor: { reference: "Practitioner/x" } }, { actor: { reference: "Patient/p4" } }],
      },
      { resourceType: "Observation", subject: { reference: "Patient/p1" } },
    ] as unknown as Resource[];
    expect(patientIdsOf(rs).sort()).toEqual(["p1", "p2", "p3", "p4"]);
  });

  it.each<[number, number, number[]]>([
    [0, 2, []],
    [1, 2, [1]],
    [4, 2, [2, 2]],
    [5, 2, [2, 2, 1]],
    [5, 100, [5]],
  ])("plans %i patients in chunks of %i: %j", (n, size, want) => {
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const chunks = chunk(ids, size);
    expect(chunks.map((c) => c.length)).toEqual(want);
    expect(chunks.flat()).toEqual(ids);
  });
  it("refuses a chunk size below 1", () => {
    expect(() => chunk([1], 0)).toThrow();
  });
});
