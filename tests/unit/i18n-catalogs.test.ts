import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogs, MESSAGES_DIR, type Messages } from "@/i18n/catalogs";
import { pickLocale } from "@/i18n/locales";
import { makeTranslator, type MessageKey } from "@/i18n/translator";

/**
 * The message catalogs (docs/decisions/i18n.md): every language has exactly English's keys, the
 * same placeholders, and messages that format; every key is used somewhere in src/. A third
 * language is a file only: the fixture language below goes through the same checks and the same
 * registry, translator and language choice as English and Spanish.
 */
type Tree = { [k: string]: string | Tree };
function leaves(t: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
/** Argument names of an ICU message: {name}, {count, plural, ...}, {x, select, ...}. */
const argsOf = (m: string) => [...new Set([...m.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((x) => x[1]!))].sort();

const app = loadCatalogs(MESSAGES_DIR);
const fixtureDir = join(import.meta.dirname, "..", "fixtures", "i18n");
const fixture = loadCatalogs(fixtureDir);
const all: Record<string, Messages> = { ...app, ...fixture };
const en = leaves(app.en as unknown as Tree);

describe("catalogs", () => {
  it("English and Spanish are there", () => expect(Object.keys(app)).toEqual(["en", "es"]));

  describe.each(Object.keys(all).filter((l) => l !== "en"))("%s", (locale) => {
    const mine = leaves(all[locale] as unknown as Tree);
    it("has every English key", () => expect([...en.keys()].filter((k) => !mine.has(k))).toEqual([]));
    it("has no key English does not have", () => expect([...mine.keys()].filter((k) => !en.has(k))).toEqual([]));
    it("uses the same placeholders as English", () => {
      const differ = [...en].filter(([k, m]) => mine.has(k) && argsOf(m).join() !== argsOf(mine.get(k)!).join());
      expect(differ.map(([k]) => k)).toEqual([]);
    });
  });

  it.each(Object.keys(all))("every %s message formats", (locale) => {
    const errors: string[] = [];
    const t = makeTranslator(locale, all);
    const strict = leaves(all[locale] as unknown as Tree);
    for (const [key, m] of strict) {
      const values = Object.fromEntries(argsOf(m).map((a) => [a, 1]));
      const out = t(key as MessageKey, values as never);
      if (!out || out === key) errors.push(key);
    }
    expect(errors).toEqual([]);
  });
});

describe("every English key is used in src/", () => {
  const src = join(import.meta.dirname, "..", "..", "src");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return e.name === "generated" ? [] : files(p);
      return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
    });
  const text = files(src)
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  // A key is written out whole, in quotes, where it is used (no keys built from pieces).
  const unused = [...en.keys()].filter((k) => !text.includes(`"${k}"`));
  it("no unused key", () => expect(unused, "unused keys: delete them or use them").toEqual([]));
});

describe("a third language is a catalog file only (fixture xx)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vpc-i18n-"));
  for (const f of readdirSync(MESSAGES_DIR)) copyFileSync(join(MESSAGES_DIR, f), join(dir, f));
  copyFileSync(join(fixtureDir, "xx.json"), join(dir, "xx.json"));
  const catalogs = loadCatalogs(dir);
  const supported = Object.keys(catalogs);

  it("is supported once its file is there", () => expect(supported).toEqual(["en", "es", "xx"]));
  it("is chosen by the switch and by the patient's preference", () => {
    expect(pickLocale({ supported, cookie: "xx" })).toBe("xx");
    expect(pickLocale({ supported, preferred: "xx" })).toBe("xx");
  });
  it("translates", () => {
    const t = makeTranslator("xx", catalogs);
    expect(t("forms.progress", { step: 1, steps: 2 })).toBe("[xx] Form 1 of 2");
  });
});
