import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Chip, Icon, IconText } from "@/components/ui/icon";
import * as icons from "@/components/ui/icons";

// Children go as createElement arguments (this is a .ts file); the cast only drops the props type's required children.
type ChipProps = Parameters<typeof Chip>[0];

/** The icon primitive (issue 10, D8): plain server-renderable SVG, decorative, always beside a word. */
describe("Icon, IconText and Chip", () => {
  it.each(Object.entries(icons))("%s renders as an aria-hidden <svg> with Lucide's drawing", (_name, node) => {
    const html = renderToStaticMarkup(createElement(Icon, { icon: node }));
    expect(html).toMatch(/^<svg [^>]*aria-hidden="true"[^>]*>/);
    expect(html).toContain('focusable="false"');
    expect(html).toMatch(/<(path|circle|rect|line|polyline|polygon|ellipse)\b/);
    // React writes SVG attributes in their DOM names (a camelCase name leaking through would warn).
    expect(html).toContain('stroke-width="2"');
  });

  it.each([
    ["Chip", createElement(Chip, { icon: icons.videoIcon, tone: "plain" } as ChipProps, "Video"), "Video"],
    [
      "Chip with a tone",
      createElement(Chip, { icon: icons.overdueIcon, tone: "warn" } as ChipProps, "Overdue"),
      "Overdue",
    ],
    ["IconText", createElement(IconText, { icon: icons.doneIcon } as Parameters<typeof IconText>[0], "Sent"), "Sent"],
  ])("%s: an SVG and the word, the word readable by screen readers", (_n, el, word) => {
    const html = renderToStaticMarkup(el);
    expect(html).toContain("<svg");
    expect(html.replace(/<svg[\s\S]*?<\/svg>/g, "").replace(/<[^>]+>/g, "")).toBe(word);
  });

  it("chips are marked for the e2e check (every chip on every page has an SVG and a word)", () => {
    expect(renderToStaticMarkup(createElement(Chip, { icon: icons.doneIcon } as ChipProps, "Done"))).toContain(
      "data-chip",
    );
  });

  it("is not a client component (the zero-JS patient form renders it as static HTML)", () => {
    const src = readFileSync(join(import.meta.dirname, "..", "..", "src", "components", "ui", "icon.tsx"), "utf8");
    expect(src).not.toMatch(/^["']use client["']/m);
    expect(src).not.toMatch(/\buse(State|Effect|Context|Ref|Memo)\b/);
  });
});
