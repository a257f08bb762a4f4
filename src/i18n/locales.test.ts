import { describe, expect, it } from "vitest";
import { acceptedLanguages, pickLocale } from "./locales";

const supported = ["en", "es"];

describe("pickLocale: the switch, then the patient, then the browser, then English", () => {
  it.each([
    ["switch wins over the patient", { cookie: "es", preferred: "en" }, "es"],
    ["switch to English wins over a Spanish patient", { cookie: "en", preferred: "es" }, "en"],
    ["patient's preference", { preferred: "es" }, "es"],
    ["patient's preference wins over the browser", { preferred: "en", acceptLanguage: "es" }, "en"],
    ["an unsupported preference is English, not the browser", { preferred: "fr", acceptLanguage: "es" }, "en"],
    ["browser when no patient", { acceptLanguage: "es-MX,es;q=0.9,en;q=0.8" }, "es"],
    ["browser's order by q", { acceptLanguage: "en;q=0.5,es;q=0.9" }, "es"],
    ["browser's first supported", { acceptLanguage: "fr,es;q=0.5" }, "es"],
    ["a bad cookie is ignored", { cookie: "xx", preferred: "es" }, "es"],
    ["nothing: English", {}, "en"],
  ])("%s", (_n, sources, want) => expect(pickLocale({ supported, ...sources })).toBe(want));
});

describe("acceptedLanguages", () => {
  it.each([
    [null, []],
    ["", []],
    ["es", ["es"]],
    ["es-US, en;q=0.1", ["es", "en"]],
    ["en;q=0, es", ["es"]],
    ["*;q=0.5, es", ["es"]],
  ])("%s", (h, want) => expect(acceptedLanguages(h)).toEqual(want));
});
