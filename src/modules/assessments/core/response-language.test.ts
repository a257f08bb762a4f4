import { describe, expect, it } from "vitest";
import { responseLanguageLabel } from "./response-language";

describe("responseLanguageLabel", () => {
  it.each([
    [{ language: "en", translationVersion: null, pageLanguage: null }, "English (original wording)"],
    [{ language: "en", translationVersion: null, pageLanguage: "en" }, "English (original wording)"],
    [{ language: "en", translationVersion: null, pageLanguage: "es" }, "English (original wording); page in Spanish"],
    [{ language: "es", translationVersion: "PHQ9-es-US-1", pageLanguage: "es" }, "Spanish translation PHQ9-es-US-1"],
    [{ language: "en", translationVersion: null, pageLanguage: "xx" }, "English (original wording); page in XX"],
  ])("%o -> %s", (r, want) => expect(responseLanguageLabel(r)).toBe(want));
});
