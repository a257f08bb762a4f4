import { describe, expect, it } from "vitest";
import { instrumentLanguageNote } from "./instrument-language";

describe("instrumentLanguageNote: never a translation we made", () => {
  it.each([
    ["PHQ9", "en", false, "none"],
    ["PEG", "en", false, "none"],
    ["PHQ9", "es", false, "englishOnly"],
    ["PHQ9", "es", true, "none"],
    ["PEG", "es", false, "noValidated"],
    ["PEG", "es", true, "none"],
    ["PHQ9", "xx", false, "englishOnly"],
  ] as const)("%s on a %s page (approved: %s) -> %s", (code, locale, approved, want) =>
    expect(instrumentLanguageNote(code, locale, approved)).toBe(want),
  );
});
