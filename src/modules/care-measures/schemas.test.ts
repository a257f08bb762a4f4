import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/input";
import { measuresFilterSchema } from "./schemas";

describe("measures filter", () => {
  it.each([
    [{}, null],
    [{ clinician: "" }, null],
    [{ clinician: "8A0E1D5E-0000-4000-8000-000000000001" }, "8a0e1d5e-0000-4000-8000-000000000001"],
  ])("%j -> clinician %s", (raw, clinician) => {
    const r = parseInput(measuresFilterSchema, raw);
    expect(r.success && r.data.clinician).toBe(clinician);
  });

  it.each([
    [{ clinician: "dr-lee" }],
    [{ clinician: "1; DROP TABLE" }],
    [{ clinician: "8a0e1d5e-0000-4000-8000-000000000001", extra: "x" }],
  ])("refuses %j, naming the field", (raw) => {
    const r = parseInput(measuresFilterSchema, raw);
    expect(r.success).toBe(false);
    if (!r.success && "clinician" in raw && raw.clinician !== "8a0e1d5e-0000-4000-8000-000000000001")
      expect(r.error.issues[0]!.message).toMatch(/^Clinician:/);
  });
});
