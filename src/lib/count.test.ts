import { describe, expect, it } from "vitest";
import { countDistinct, countLabel, countPeople } from "./count";

type Row = { id: string; patientId: string };
const rows = (...patients: string[]): Row[] => patients.map((patientId, i) => ({ id: `a${i}`, patientId }));

describe("countDistinct: people, not records", () => {
  it.each<[string, Row[], number]>([
    ["no records", rows(), 0],
    ["one record", rows("p1"), 1],
    ["one patient, two PHQ-9 answers (the clinic's case)", rows("p1", "p1"), 1],
    ["two patients, one record each", rows("p1", "p2"), 2],
    ["two patients, three records", rows("p1", "p2", "p1"), 2],
    ["three patients, many records", rows("p3", "p1", "p2", "p2", "p3", "p3"), 3],
  ])("%s -> %i", (_name, records, expected) => {
    expect(countDistinct(records, (r) => r.patientId)).toBe(expected);
    // The record count is not the answer whenever a person has more than one record.
    if (new Set(records.map((r) => r.patientId)).size !== records.length) expect(records.length).not.toBe(expected);
  });
});

describe("countLabel", () => {
  it.each<[number, string, string | undefined, string]>([
    [0, "patient", undefined, "0 patients"],
    [1, "patient", undefined, "1 patient"],
    [2, "patient", undefined, "2 patients"],
    [1, "open alert", undefined, "1 open alert"],
    [11, "open alert", undefined, "11 open alerts"],
    [1, "person", "people", "1 person"],
    [3, "person", "people", "3 people"],
  ])("%i %s -> %s", (n, singular, plural, expected) => {
    expect(countLabel(n, singular, plural)).toBe(expected);
  });
});

describe("countPeople", () => {
  it.each<[Row[], string]>([
    [rows(), "0 patients"],
    [rows("p1", "p1"), "1 patient"],
    [rows("p1", "p2", "p2"), "2 patients"],
  ])("%j -> %s", (records, expected) => {
    expect(countPeople(records, (r) => r.patientId)).toBe(expected);
  });
});
