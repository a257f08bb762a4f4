import { describe, expect, it } from "vitest";
import { apiErrorBody, firstApiProblem, readApiError } from "./api-error";

describe("the one JSON error shape", () => {
  it("puts details inside error, code and message last so a detail cannot overwrite them", () => {
    expect(apiErrorBody("SLOT_TAKEN", "Taken.", { nextSlots: ["a"] })).toEqual({
      error: { code: "SLOT_TAKEN", message: "Taken.", nextSlots: ["a"] },
    });
    expect(apiErrorBody("VALIDATION", "Fix it.", { code: "X", message: "Y" } as never)).toEqual({
      error: { code: "VALIDATION", message: "Fix it." },
    });
  });

  it.each([
    ["the shape itself", { error: { code: "CONFLICT", message: "Busy." } }, { code: "CONFLICT", message: "Busy." }],
    [
      "with fields",
      { error: { code: "VALIDATION", message: "Fix.", fields: { a: ["A is wrong"] } } },
      { code: "VALIDATION", message: "Fix.", fields: { a: ["A is wrong"] } },
    ],
    [
      "details kept",
      { error: { code: "CONSENT_REQUIRED", message: "Consent.", consent: { kind: "VIDEO" } } },
      { code: "CONSENT_REQUIRED", message: "Consent.", consent: { kind: "VIDEO" } },
    ],
    ["an empty body", {}, { code: "UNKNOWN", message: "Try again." }],
    ["not an object", "Bad Gateway", { code: "UNKNOWN", message: "Try again." }],
    ["null", null, { code: "UNKNOWN", message: "Try again." }],
    ["the old flat shape", { error: "Busy.", code: "CONFLICT" }, { code: "UNKNOWN", message: "Try again." }],
    ["an empty message", { error: { code: "CONFLICT", message: "" } }, { code: "CONFLICT", message: "Try again." }],
    ["a code that is not text", { error: { code: 7, message: "M" } }, { code: "UNKNOWN", message: "M" }],
    [
      "fields that are not lists",
      { error: { code: "VALIDATION", message: "M", fields: { a: "x" } } },
      { code: "VALIDATION", message: "M" },
    ],
  ])("reads %s", (_name, body, expected) => {
    expect(readApiError(body, "Try again.")).toEqual(expected);
  });

  it.each([
    [{ code: "VALIDATION", message: "Fix.", fields: { a: ["A is wrong"], b: ["B"] } }, "A is wrong"],
    [{ code: "VALIDATION", message: "Fix.", fields: {} }, "Fix."],
    [{ code: "CONFLICT", message: "Busy." }, "Busy."],
  ])("one line for a small UI: %j", (e, line) => {
    expect(firstApiProblem(e)).toBe(line);
  });
});
