import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Architecture rule (issue 10, D8; docs/ux-principles.md#every-screen): no emoji or symbol glyphs in
 * the app's source. They render as empty boxes where no emoji or symbol font is installed, as on
 * many clinic desktops. Icons are Lucide SVGs (src/components/ui/icons.ts) with a word beside.
 *
 * Banned: every Extended_Pictographic character (emoji, including the text-style ones such as
 * U+26A0 and U+2714), the emoji variation selector, regional indicators (flags), and the symbol
 * blocks whose glyphs many fonts lack: arrows, miscellaneous technical, geometric shapes,
 * miscellaneous symbols, dingbats, miscellaneous symbols and arrows, and fullwidth forms.
 * Typographic punctuation (·, –, …, ≥) is text and stays allowed.
 */
const banned =
  /[\p{Extended_Pictographic}\u{FE0F}\u{1F1E6}-\u{1F1FF}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{25A0}-\u{25FF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{FF01}-\u{FF5E}]/gu;

export function findBannedGlyphs(text: string): { line: number; char: string; code: string }[] {
  const out: { line: number; char: string; code: string }[] = [];
  text.split("\n").forEach((l, i) => {
    for (const m of l.matchAll(banned))
      out.push({
        line: i + 1,
        char: m[0],
        code: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
      });
  });
  return out;
}

const root = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    if (!/\.(tsx?|mjs|js|css|html)$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
    return [p];
  });
}

describe("no emoji in the app", () => {
  it.each([
    ["📹 Video", ["U+1F4F9"]],
    ["⚠ Overdue", ["U+26A0"]],
    ["Signed 🔒", ["U+1F512"]],
    ["✓ Done", ["U+2713"]],
    ["✔ ✖ ✕ ✎ ❗", ["U+2714", "U+2716", "U+2715", "U+270E", "U+2757"]],
    ["⏳ waiting ⏰", ["U+23F3", "U+23F0"]],
    ["▼ ◆ ▶", ["U+25BC", "U+25C6", "U+25B6"]],
    ["← Back, Next →", ["U+2190", "U+2192"]],
    ["＋ Extra hours", ["U+FF0B"]],
    ["❤️", ["U+2764", "U+FE0F"]],
    ["PHQ-9 ≥ 10 · 15–19 … done", []],
    ["Plain words, (555) 010-1234, 30% drop", []],
  ])("flags %j", (text, codes) => {
    expect(findBannedGlyphs(text).map((f) => f.code)).toEqual(codes);
  });

  it("src/ has none (outside tests and generated code)", () => {
    const found = sourceFiles(join(root, "src")).flatMap((f) =>
      findBannedGlyphs(readFileSync(f, "utf8")).map(
        (g) =>
          `${relative(root, f)}:${g.line} ${g.char} (${g.code}): use an icon from src/components/ui/icons.ts with a word beside it`,
      ),
    );
    expect(found).toEqual([]);
  });
});
